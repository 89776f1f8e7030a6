using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Contracts.Charts;

/// <summary>
/// A chart request for one run: for each metric, the points of the window <c>[XMin, XMax]</c> of the chosen
/// x-axis, reduced to at most <see cref="Buckets"/> buckets whose min and max are the true extremes (raw points
/// when the window holds no more than that many).
/// </summary>
/// <param name="XAxis"><c>_step</c>, <c>_timestamp</c>, <c>_runtime</c>, or any logged metric.</param>
[GenerateSerializer, Immutable, Alias("wandb.chart-query.v1")]
public sealed record ChartQuery(
    [property: Id(0)] IReadOnlyList<string> Metrics,
    [property: Id(1)] string XAxis,
    [property: Id(2)] double? XMin,
    [property: Id(3)] double? XMax,
    [property: Id(4)] int Buckets,
    [property: Id(5)] RunStream Stream = RunStream.History);
