namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>A collection of artifact versions (W&amp;B's <c>ArtifactSequence</c>) within a project.</summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-collection.v1")]
public sealed record ArtifactCollectionInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Entity,
    [property: Id(2)] string Project,
    [property: Id(3)] string Name,
    [property: Id(4)] string TypeName,
    [property: Id(5)] string? Description,
    [property: Id(6)] DateTimeOffset CreatedAt);
