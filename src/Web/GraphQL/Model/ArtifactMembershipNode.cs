namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>ArtifactCollectionMembership</c>: a version as seen from a collection, its own sequence or, when
/// <see cref="ArtifactNode.Via"/> is set, the portfolio it is linked into (with the link's index and aliases).
/// </summary>
public sealed record ArtifactMembershipNode(ArtifactNode Artifact)
{
    public string Id => ArtifactIds.Membership(ArtifactCollection.Info.Id, Artifact.Version.Id);

    public long? VersionIndex => Artifact.Via is { } link ? link.VersionIndex : Artifact.VersionIndex;

    public ArtifactCollectionNode ArtifactCollection =>
        Artifact.Via is { } link ? ArtifactCollectionNode.Of(link) : Artifact.ArtifactSequence;
}
