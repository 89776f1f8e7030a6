namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>
/// <c>upsertSweep</c>: creates the sweep when it does not exist (then <see cref="Config"/> is required), else changes
/// what is set. Null means unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.sweep-upsert.v1")]
public sealed record SweepUpsert
{
    /// <summary>The sweep configuration as the client sent it: YAML (the Python clients) or JSON.</summary>
    [Id(0)] public string? Config { get; init; }
    [Id(1)] public string? Description { get; init; }
    [Id(2)] public string? DisplayName { get; init; }

    /// <summary>A new state (any spelling <see cref="SweepStates.Normalize"/> accepts).</summary>
    [Id(3)] public string? State { get; init; }

    /// <summary>The client's controller setting (JSON text, e.g. <c>{"type":"local"}</c>), kept and returned.</summary>
    [Id(4)] public string? Controller { get; init; }

    /// <summary>The client's scheduler setting (JSON text), kept and returned.</summary>
    [Id(5)] public string? Scheduler { get; init; }

    /// <summary>The user creating or changing the sweep.</summary>
    [Id(6)] public long UserId { get; init; }

    /// <summary>Names of earlier runs of the project to count as the sweep's own (<c>priorRunsFilters</c>).</summary>
    [Id(7)] public IReadOnlyList<string> PriorRuns { get; init; } = [];
}
