namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// One version of an artifact (GraphQL <c>Artifact</c>) with its collection's names. <see cref="Aliases"/> are the
/// aliases stored on it (<c>latest</c> and user aliases); the version alias <c>v{VersionIndex}</c> is implied.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-version.v1")]
public sealed record ArtifactVersion
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public long CollectionId { get; init; }
    [Id(2)] public required string Entity { get; init; }
    [Id(3)] public required string Project { get; init; }
    [Id(4)] public required string Collection { get; init; }
    [Id(5)] public required string TypeName { get; init; }
    [Id(6)] public required string Digest { get; init; }
    [Id(7)] public required string State { get; init; }

    /// <summary>0, 1, 2… in commit order within the collection; null while pending.</summary>
    [Id(8)] public long? VersionIndex { get; init; }
    [Id(9)] public string? Description { get; init; }

    /// <summary>JSON text, as the client sent it.</summary>
    [Id(10)] public string? Metadata { get; init; }
    [Id(11)] public long? HistoryStep { get; init; }
    [Id(12)] public long? TtlDurationSeconds { get; init; }

    /// <summary>The run (in the same project) that logged it, or null.</summary>
    [Id(13)] public string? RunName { get; init; }
    [Id(14)] public string? CommitHash { get; init; }
    [Id(15)] public long FileCount { get; init; }
    [Id(16)] public long SizeBytes { get; init; }
    [Id(17)] public DateTimeOffset CreatedAt { get; init; }
    [Id(18)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(19)] public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The uploaded manifest, or null while none has been uploaded.</summary>
    [Id(20)] public long? ManifestId { get; init; }
    [Id(21)] public long CreatedBy { get; init; }

    /// <summary>The version alias (<c>v3</c>), or null while pending.</summary>
    public string? VersionAlias => VersionIndex is { } index ? $"v{index}" : null;
}
