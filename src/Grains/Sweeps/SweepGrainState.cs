namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>A sweep grain's durable state: configuration, control state, agents, runs and where the search stands.</summary>
[GenerateSerializer, Alias("wandb.sweep-state.v1")]
public sealed class SweepGrainState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Config { get; set; } = "";
    [Id(2)] public string State { get; set; } = "";
    [Id(3)] public string? Description { get; set; }
    [Id(4)] public string? DisplayName { get; set; }
    [Id(5)] public string? Controller { get; set; }
    [Id(6)] public string? Scheduler { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public DateTimeOffset? HeartbeatAt { get; set; }
    [Id(10)] public long CreatedByUserId { get; set; }
    [Id(11)] public List<SweepRunRecord> Runs { get; set; } = [];
    [Id(12)] public List<SweepAgentRecord> Agents { get; set; } = [];

    /// <summary>The next grid point never handed out.</summary>
    [Id(13)] public long NextGridIndex { get; set; }

    /// <summary>Grid points whose run crashed or failed, to hand out again before new ones.</summary>
    [Id(14)] public List<long> GridRetries { get; set; } = [];

    /// <summary>Seed of the sweep's random draws; draw n uses (seed, n), so a restart continues the sequence.</summary>
    [Id(15)] public int Seed { get; set; }
    [Id(16)] public long Draws { get; set; }

    /// <summary>Runs queued by <c>enqueueSweepRun</c>, handed out before the search's own.</summary>
    [Id(17)] public List<SweepRunRecord> Queue { get; set; } = [];
}

/// <summary>One run of a sweep.</summary>
[GenerateSerializer, Alias("wandb.sweep-run-record.v1")]
public sealed class SweepRunRecord
{
    [Id(0)] public string Name { get; set; } = "";

    /// <summary>A run state (<c>pending</c> until the run reports, then what its run grain says).</summary>
    [Id(1)] public string State { get; set; } = "";

    /// <summary>The parameters as a nested JSON object of values.</summary>
    [Id(2)] public string Parameters { get; set; } = "{}";
    [Id(3)] public double? Metric { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string? Agent { get; set; }

    /// <summary>The grid point the run was given (grid search only).</summary>
    [Id(6)] public long? GridIndex { get; set; }
    [Id(7)] public bool EarlyTerminated { get; set; }

    /// <summary>True once the run's grid point was offered again because this run crashed.</summary>
    [Id(8)] public bool Retried { get; set; }

    /// <summary>True when the run reported through <c>upsertBucket</c> (its run grain exists).</summary>
    [Id(9)] public bool Reported { get; set; }
    [Id(10)] public string? DisplayName { get; set; }
}

/// <summary>One agent of a sweep.</summary>
[GenerateSerializer, Alias("wandb.sweep-agent-record.v1")]
public sealed class SweepAgentRecord
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Host { get; set; } = "";
    [Id(2)] public string State { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? HeartbeatAt { get; set; }
    [Id(5)] public long UserId { get; set; }
    [Id(6)] public List<string> Runs { get; set; } = [];
}
