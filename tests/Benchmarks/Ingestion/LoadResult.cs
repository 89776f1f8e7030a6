namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>What one load phase achieved.</summary>
public sealed record LoadResult(long Rows, long Requests, long Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    /// <summary>Requests sent to each server, in the order of the base URLs.</summary>
    public IReadOnlyList<long> RequestsPerServer { get; init; } = [];

    public override string ToString() =>
        $"{Rows:N0} rows in {Requests:N0} requests over {Elapsed.TotalSeconds:F1} s: {RowsPerSecond:N0} rows/s, " +
        $"p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms, {Failures} failed requests";
}
