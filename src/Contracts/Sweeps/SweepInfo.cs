namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>A sweep as the GraphQL API and the web app show it.</summary>
[GenerateSerializer, Immutable, Alias("wandb.sweep-info.v1")]
public sealed record SweepInfo
{
    [Id(0)] public required string Entity { get; init; }
    [Id(1)] public required string Project { get; init; }

    /// <summary>The sweep id the clients use (<c>wandb agent entity/project/NAME</c>), 8 characters of [a-z0-9].</summary>
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public string? DisplayName { get; init; }
    [Id(4)] public string? Description { get; init; }

    /// <summary><c>grid</c>, <c>random</c> or <c>bayes</c>.</summary>
    [Id(5)] public required string Method { get; init; }
    [Id(6)] public required string State { get; init; }

    /// <summary>The configuration text as the client sent it (YAML or JSON).</summary>
    [Id(7)] public required string Config { get; init; }
    [Id(8)] public string? Controller { get; init; }
    [Id(9)] public string? Scheduler { get; init; }
    [Id(10)] public DateTimeOffset CreatedAt { get; init; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The last agent heartbeat, if any agent ever sent one.</summary>
    [Id(12)] public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>Runs of the sweep (proposed to agents or attached by <c>upsertBucket(sweep:)</c>).</summary>
    [Id(13)] public int RunCount { get; init; }

    /// <summary>How many runs the search will make: the grid size or <c>run_cap</c>, null when unbounded.</summary>
    [Id(14)] public int? RunCountExpected { get; init; }

    /// <summary>The best value of <see cref="MetricName"/> over the finished runs (per <see cref="MetricGoal"/>).</summary>
    [Id(15)] public double? BestLoss { get; init; }
    [Id(16)] public string? MetricName { get; init; }

    /// <summary><c>minimize</c> or <c>maximize</c>.</summary>
    [Id(17)] public string MetricGoal { get; init; } = "minimize";
    [Id(18)] public long CreatedByUserId { get; init; }
    [Id(19)] public int AgentCount { get; init; }

    /// <summary>True when the config asks for early termination (hyperband).</summary>
    [Id(20)] public bool EarlyTerminate { get; init; }
}
