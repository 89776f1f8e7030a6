namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>One run of a sweep as the sweep knows it: the parameters it was given and the metric it reached.</summary>
[GenerateSerializer, Immutable, Alias("wandb.sweep-run-info.v1")]
public sealed record SweepRunInfo
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>The run's state as last seen (<c>pending</c> until its process calls <c>upsertBucket</c>).</summary>
    [Id(1)] public required string State { get; init; }

    /// <summary>The parameters as a JSON object of values (nested parameters as nested objects).</summary>
    [Id(2)] public required string Parameters { get; init; }

    /// <summary>The sweep metric from the run's summary, when it reported one.</summary>
    [Id(3)] public double? Metric { get; init; }
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The agent the run was handed to (null for runs attached from elsewhere).</summary>
    [Id(5)] public string? Agent { get; init; }

    /// <summary>True when hyperband early termination asked the run to stop.</summary>
    [Id(6)] public bool EarlyTerminated { get; init; }
}
