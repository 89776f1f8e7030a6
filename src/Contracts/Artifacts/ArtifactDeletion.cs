namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>What a deletion removed: versions, and stored objects (contents and manifests) no longer referenced.</summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-deletion.v1")]
public sealed record ArtifactDeletion(
    [property: Id(0)] int VersionsDeleted,
    [property: Id(1)] int ObjectsFreed,
    [property: Id(2)] long BytesFreed);
