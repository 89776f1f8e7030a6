namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// A manifest of a version: one per (version, name), except that every <see cref="ArtifactManifestKinds.Patch"/> is its
/// own; <see cref="UploadedAt"/> is set once its bytes landed. <see cref="Kind"/> says how its entries combine with the
/// version's files; <see cref="BaseArtifactId"/> is the version an incremental manifest builds on.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-manifest.v1")]
public sealed record ArtifactManifestInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long ArtifactId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Digest,
    [property: Id(4)] DateTimeOffset? UploadedAt,
    [property: Id(5)] string Kind = ArtifactManifestKinds.Full,
    [property: Id(6)] long? BaseArtifactId = null);
