namespace Orleans.Wandb.Contracts.Runs;

/// <summary>What a project's run table needs of one run; run grains push it to their project grain.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-row.v1")]
public sealed record RunRow
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public string? DisplayName { get; init; }
    [Id(3)] public string State { get; init; } = RunStates.Running;
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public DateTimeOffset? HeartbeatAt { get; init; }
    [Id(6)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(7)] public string? GroupName { get; init; }
    [Id(8)] public string? JobType { get; init; }
    [Id(9)] public long UserId { get; init; }
    [Id(10)] public string Config { get; init; } = "{}";
    [Id(11)] public string SummaryMetrics { get; init; } = "{}";
    [Id(12)] public int HistoryLineCount { get; init; }
    [Id(13)] public string? SweepName { get; init; }
    [Id(14)] public string? Host { get; init; }

    /// <summary>The person a service account (<see cref="UserId"/>) logged the run for, when it named one.</summary>
    [Id(15)] public long? ForUserId { get; init; }
}
