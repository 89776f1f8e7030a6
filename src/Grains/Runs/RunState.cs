using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// What a run grain persists as Orleans grain state: its metadata plus the small derived stream state (counts,
/// tails, summary), and <see cref="LogPosition"/>, how much of the run log this snapshot already covers, so
/// an activation replays only the log after it. Never whole histories: those stay in the run log.
/// </summary>
[GenerateSerializer, Alias("wandb.run-state.v1")]
internal sealed class RunState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public long Id { get; set; }
    [Id(2)] public string? DisplayName { get; set; }
    [Id(3)] public string? Description { get; set; }
    [Id(4)] public string? Notes { get; set; }
    [Id(5)] public List<string> Tags { get; set; } = [];
    [Id(6)] public string? GroupName { get; set; }
    [Id(7)] public string? JobType { get; set; }
    [Id(8)] public string? Commit { get; set; }
    [Id(9)] public string? Host { get; set; }
    [Id(10)] public string? Program { get; set; }
    [Id(11)] public string? Repo { get; set; }
    [Id(12)] public string? SweepName { get; set; }
    [Id(13)] public string State { get; set; } = RunStates.Running;
    [Id(14)] public string Config { get; set; } = "{}";
    [Id(15)] public string Summary { get; set; } = "{}";
    [Id(16)] public string SystemMetrics { get; set; } = "{}";
    [Id(17)] public bool Stopped { get; set; }
    [Id(18)] public DateTimeOffset CreatedAt { get; set; }
    [Id(19)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(20)] public DateTimeOffset? HeartbeatAt { get; set; }
    [Id(21)] public long UserId { get; set; }
    [Id(22)] public int HistoryCount { get; set; }
    [Id(23)] public int EventsCount { get; set; }
    [Id(24)] public int LogCount { get; set; }
    [Id(25)] public List<TailLine> HistoryTail { get; set; } = [];
    [Id(26)] public List<TailLine> EventsTail { get; set; } = [];
    [Id(27)] public int? ExitCode { get; set; }
    [Id(28)] public int FileCount { get; set; }

    /// <summary>The run-log position up to which this state has applied the log.</summary>
    [Id(29)] public long LogPosition { get; set; }

    /// <summary>The person a service account logged the run for (see <see cref="RunUpsert.ForUserId"/>).</summary>
    [Id(30)] public long? ForUserId { get; set; }

    /// <summary>How far each shared-mode writer got, by writer id (see <see cref="SharedWriters"/>).</summary>
    [Id(31)] public Dictionary<string, WriterCursor> Writers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A forked run's parent config at the branch point: the run's own config (the clients send it whole) is merged
    /// over it on every update, so the inherited keys stay.
    /// </summary>
    [Id(32)] public string? BaseConfig { get; set; }

    /// <summary>The run this one was forked from, once its history up to the branch point has been copied.</summary>
    [Id(33)] public string? ForkedFrom { get; set; }
}
