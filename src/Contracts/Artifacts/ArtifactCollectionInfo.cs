namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// A collection of artifact versions within a project: a sequence of logged versions (W&amp;B's <c>ArtifactSequence</c>)
/// or a portfolio of linked ones (<c>ArtifactPortfolio</c>), as <see cref="Kind"/> says.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-collection.v1")]
public sealed record ArtifactCollectionInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Entity,
    [property: Id(2)] string Project,
    [property: Id(3)] string Name,
    [property: Id(4)] string TypeName,
    [property: Id(5)] string? Description,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string Kind = ArtifactCollectionKinds.Sequence)
{
    /// <summary>True for a portfolio (its members are links to versions of sequences).</summary>
    public bool IsPortfolio => Kind == ArtifactCollectionKinds.Portfolio;
}
