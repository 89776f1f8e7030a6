namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>A run that used a version (lineage, W&amp;B's <c>usedBy</c>); the run may be in another project or entity.</summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-use.v1")]
public sealed record ArtifactUse(
    [property: Id(0)] string Entity,
    [property: Id(1)] string Project,
    [property: Id(2)] string RunName,
    [property: Id(3)] string? UsedAs);
