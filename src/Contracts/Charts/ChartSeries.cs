namespace Orleans.Wandb.Contracts.Charts;

/// <summary>One metric of one run on a chart: raw points, or buckets when the window holds more than asked for.</summary>
[GenerateSerializer, Immutable, Alias("wandb.chart-series.v1")]
public sealed record ChartSeries(
    [property: Id(0)] string Metric,
    [property: Id(1)] bool Bucketed,
    [property: Id(2)] IReadOnlyList<ChartPoint> Points);

/// <summary>
/// A bucket (or, unbucketed, one row where Min = Max = Mean = Last and Count = 1): the x of its first row, and the
/// true min, max, mean and last of the metric over the bucket's rows. NaN and infinities are not counted.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.chart-point.v1")]
public sealed record ChartPoint(
    [property: Id(0)] double X,
    [property: Id(1)] double Min,
    [property: Id(2)] double Max,
    [property: Id(3)] double Mean,
    [property: Id(4)] double Last,
    [property: Id(5)] long Count);
