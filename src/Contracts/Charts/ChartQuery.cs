using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Contracts.Charts;

/// <summary>
/// A chart request for one run: for each metric, the points of the window <c>[XMin, XMax]</c> of the chosen
/// x-axis, reduced to at most <see cref="Buckets"/> buckets whose min and max are the true extremes (raw points
/// when the window holds no more than <c>max(Buckets, RawPoints)</c>).
/// </summary>
/// <param name="XAxis"><c>_step</c>, <c>_timestamp</c>, <c>_runtime</c>, or any logged metric.</param>
/// <param name="RawPoints">The point budget a chart draws unbucketed (W&amp;B draws up to ~1,500 points per run); 0 for none beyond <c>Buckets</c>.</param>
[GenerateSerializer, Immutable, Alias("wandb.chart-query.v1")]
public sealed record ChartQuery(
    [property: Id(0)] IReadOnlyList<string> Metrics,
    [property: Id(1)] string XAxis,
    [property: Id(2)] double? XMin,
    [property: Id(3)] double? XMax,
    [property: Id(4)] int Buckets,
    [property: Id(5)] RunStream Stream = RunStream.History,
    [property: Id(6)] int RawPoints = 0);
