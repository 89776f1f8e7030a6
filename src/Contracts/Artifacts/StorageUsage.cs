namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// Artifact bytes an entity (or one of its projects) keeps: distinct stored contents referenced by its versions,
/// plus their manifests. Content shared with other entities counts for each of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.storage-usage.v1")]
public sealed record StorageUsage(
    [property: Id(0)] string Entity,
    [property: Id(1)] string? Project,
    [property: Id(2)] long Bytes,
    [property: Id(3)] long ObjectCount);
