namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>One agent of a sweep: where it runs, when it last asked for work, the runs it was given.</summary>
[GenerateSerializer, Immutable, Alias("wandb.sweep-agent-info.v1")]
public sealed record SweepAgentInfo
{
    /// <summary>The agent id within its sweep, 8 characters of [a-z0-9].</summary>
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Host { get; init; }

    /// <summary><c>RUNNING</c>, <c>FINISHED</c> (told to exit) or <c>CRASHED</c> (silent past the agent timeout).</summary>
    [Id(2)] public required string State { get; init; }
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset? HeartbeatAt { get; init; }
    [Id(5)] public int TotalRuns { get; init; }
    [Id(6)] public long UserId { get; init; }
    [Id(7)] public IReadOnlyList<string> RunNames { get; init; } = [];
}
