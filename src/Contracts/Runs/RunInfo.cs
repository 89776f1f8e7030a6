namespace Orleans.Wandb.Contracts.Runs;

/// <summary>A snapshot of one run as the GraphQL API and the web app show it.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-info.v1")]
public sealed record RunInfo
{
    /// <summary>The server's numeric storage id (GraphQL shows it relay-encoded as <c>Run.id</c>).</summary>
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required string Entity { get; init; }
    [Id(2)] public required string Project { get; init; }

    /// <summary>The client-chosen run name ("run id"), unique within the project.</summary>
    [Id(3)] public required string Name { get; init; }
    [Id(4)] public string? DisplayName { get; init; }
    [Id(5)] public string? Description { get; init; }
    [Id(6)] public string? Notes { get; init; }
    [Id(7)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(8)] public string? GroupName { get; init; }
    [Id(9)] public string? JobType { get; init; }
    [Id(10)] public string? Commit { get; init; }
    [Id(11)] public string? Host { get; init; }
    [Id(12)] public string? Program { get; init; }
    [Id(13)] public string? Repo { get; init; }
    [Id(14)] public string? SweepName { get; init; }
    [Id(15)] public string State { get; init; } = RunStates.Running;

    /// <summary>Config as stored, JSON text (<c>"{}"</c> when empty).</summary>
    [Id(16)] public string Config { get; init; } = "{}";

    /// <summary>The last summary line, JSON text (<c>"{}"</c> when empty).</summary>
    [Id(17)] public string SummaryMetrics { get; init; } = "{}";

    /// <summary>The last system-metrics (events) line, JSON text (<c>"{}"</c> when none).</summary>
    [Id(18)] public string SystemMetrics { get; init; } = "{}";
    [Id(19)] public bool Stopped { get; init; }
    [Id(20)] public DateTimeOffset CreatedAt { get; init; }
    [Id(21)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(22)] public DateTimeOffset? HeartbeatAt { get; init; }
    [Id(23)] public long UserId { get; init; }
    [Id(24)] public int HistoryLineCount { get; init; }
    [Id(25)] public int EventsLineCount { get; init; }
    [Id(26)] public int LogLineCount { get; init; }

    /// <summary>The last stored history lines, oldest first (at most <see cref="RunLimits.TailLines"/>).</summary>
    [Id(27)] public IReadOnlyList<string> HistoryTail { get; init; } = [];

    /// <summary>The last stored events lines, oldest first.</summary>
    [Id(28)] public IReadOnlyList<string> EventsTail { get; init; } = [];
    [Id(29)] public int? ExitCode { get; init; }
    [Id(30)] public int FileCount { get; init; }

    /// <summary>The person a service account (<see cref="UserId"/>) logged the run for, when it named one.</summary>
    [Id(31)] public long? ForUserId { get; init; }
}
