namespace Orleans.Wandb.Contracts.Runs;

/// <summary>
/// The fields of an <c>upsertBucket</c> call. Null means "leave unchanged"; on insert, missing display names
/// are generated and missing states default to running.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.run-upsert.v1")]
public sealed record RunUpsert
{
    [Id(0)] public string? DisplayName { get; init; }
    [Id(1)] public string? Description { get; init; }
    [Id(2)] public string? Notes { get; init; }
    [Id(3)] public string? GroupName { get; init; }
    [Id(4)] public string? JobType { get; init; }
    [Id(5)] public string? Commit { get; init; }
    [Id(6)] public string? Host { get; init; }
    [Id(7)] public string? Program { get; init; }
    [Id(8)] public string? Repo { get; init; }

    /// <summary>The whole config as JSON text (replaces the stored one).</summary>
    [Id(9)] public string? Config { get; init; }

    /// <summary>Replaces the tag list.</summary>
    [Id(10)] public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The whole summary as JSON text (public API summary updates).</summary>
    [Id(11)] public string? SummaryMetrics { get; init; }

    /// <summary>Only honoured on insert, and only "pending" or "running".</summary>
    [Id(12)] public string? State { get; init; }

    [Id(13)] public string? SweepName { get; init; }

    /// <summary>The user making the call; becomes the run's owner on insert.</summary>
    [Id(14)] public long UserId { get; init; }

    /// <summary>True for a public-API update (<c>run.update()</c>): never changes the run's state.</summary>
    [Id(15)] public bool FromPublicApi { get; init; }

    /// <summary>
    /// The person a service account logs the run for (<c>WANDB_USERNAME</c>), already checked to be a member of the
    /// run's team; null leaves what the run records unchanged.
    /// </summary>
    [Id(16)] public long? ForUserId { get; init; }

    /// <summary>
    /// From a shared-mode writer (<c>X-WANDB-USE-ASYNC-FILESTREAM</c> on GraphQL): its config and summary hold what
    /// that writer knows, so they merge into the stored ones by top-level key instead of replacing them.
    /// </summary>
    [Id(17)] public bool MergeByKey { get; init; }
}

/// <summary>The run after an upsert, and whether the upsert created it.</summary>
[GenerateSerializer, Immutable, Alias("wandb.run-upsert-result.v1")]
public sealed record RunUpsertResult([property: Id(0)] RunInfo Run, [property: Id(1)] bool Inserted);
