namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>The manifest of a version: one per (version, name); <see cref="UploadedAt"/> is set once its bytes landed.</summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-manifest.v1")]
public sealed record ArtifactManifestInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long ArtifactId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Digest,
    [property: Id(4)] DateTimeOffset? UploadedAt);
