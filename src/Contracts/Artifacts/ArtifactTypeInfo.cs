namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>An artifact type of a project (<c>dataset</c>, <c>model</c>, <c>job</c>…).</summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-type.v1")]
public sealed record ArtifactTypeInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Entity,
    [property: Id(2)] string Project,
    [property: Id(3)] string Name,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt);
