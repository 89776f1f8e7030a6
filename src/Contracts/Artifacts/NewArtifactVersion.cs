namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>What <c>createArtifact</c> asks for: a version of the collection with this content digest.</summary>
[GenerateSerializer, Immutable, Alias("wandb.new-artifact-version.v1")]
public sealed record NewArtifactVersion
{
    [Id(0)] public required string TypeName { get; init; }

    /// <summary>The artifact digest (hex MD5 over the manifest entries); equal digests mean equal content.</summary>
    [Id(1)] public required string Digest { get; init; }
    [Id(2)] public string? RunName { get; init; }
    [Id(3)] public string? Description { get; init; }
    [Id(4)] public string? Metadata { get; init; }

    /// <summary>Aliases to attach at commit (or at once when an identical committed version exists).</summary>
    [Id(5)] public IReadOnlyList<string> Aliases { get; init; } = [];
    [Id(6)] public long? HistoryStep { get; init; }
    [Id(7)] public string? ClientId { get; init; }
    [Id(8)] public string? SequenceClientId { get; init; }
    [Id(9)] public long? TtlDurationSeconds { get; init; }
    [Id(10)] public long UserId { get; init; }

    /// <summary>
    /// Writers of one distributed version (<c>upsert_artifact(distributed_id=…)</c>) all get the version created with
    /// this id, whatever digest each announces; null for an ordinary version.
    /// </summary>
    [Id(11)] public string? DistributedId { get; init; }
}
