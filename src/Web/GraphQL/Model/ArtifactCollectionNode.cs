using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>ArtifactSequence</c> or <c>ArtifactPortfolio</c> (as <see cref="ArtifactCollectionInfo.Kind"/> says). Built from the collection's
/// row, or from a version (which carries the collection's names but not its description: <see cref="Complete"/> false).
/// </summary>
public sealed record ArtifactCollectionNode(ArtifactCollectionInfo Info, bool Complete)
{
    public string Id => ArtifactIds.Collection(Info.Id);

    public string Name => Info.Name;

    public DateTimeOffset CreatedAt => Info.CreatedAt;

    /// <summary><c>READY</c>, or <c>DELETED</c> in the answer to a deletion.</summary>
    public string State { get; init; } = "READY";

    public static ArtifactCollectionNode Of(ArtifactCollectionInfo info) => new(info, true);

    /// <summary>The portfolio of a link (its description is read on demand).</summary>
    public static ArtifactCollectionNode Of(ArtifactLink link) =>
        new(new ArtifactCollectionInfo(
            link.PortfolioId, link.Entity, link.Project, link.Portfolio, link.Version.TypeName, null, link.LinkedAt, ArtifactCollectionKinds.Portfolio), false);

    public static ArtifactCollectionNode Of(ArtifactVersion version) =>
        new(new ArtifactCollectionInfo(version.CollectionId, version.Entity, version.Project, version.Collection, version.TypeName, null, version.CreatedAt), false);
}
