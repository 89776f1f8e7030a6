namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// A change to a collection (<c>ArtifactCollection.save()</c>): <c>updateArtifactSequence</c> sets the name and the
/// description, <c>moveArtifactSequence</c> the type; null leaves a field as it is.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-collection-edit.v1")]
public sealed record ArtifactCollectionEdit
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? Description { get; init; }
    [Id(2)] public string? TypeName { get; init; }
}
