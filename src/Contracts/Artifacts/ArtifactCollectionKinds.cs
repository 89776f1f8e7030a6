namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// What a collection is (GraphQL <c>ArtifactSequence</c> or <c>ArtifactPortfolio</c>): a sequence holds the versions
/// logged into it; a portfolio holds links to versions of sequences (W&amp;B's "linked artifacts", the collections of a
/// registry), each with its own version index and aliases.
/// </summary>
public static class ArtifactCollectionKinds
{
    public const string Sequence = "SEQUENCE";
    public const string Portfolio = "PORTFOLIO";
}
