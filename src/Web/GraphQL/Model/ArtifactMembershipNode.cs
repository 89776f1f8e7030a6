namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>ArtifactCollectionMembership</c>: a version as seen from its collection.</summary>
public sealed record ArtifactMembershipNode(ArtifactNode Artifact)
{
    public string Id => ArtifactIds.Membership(Artifact.Version.CollectionId, Artifact.Version.Id);

    public long? VersionIndex => Artifact.VersionIndex;

    public ArtifactCollectionNode ArtifactCollection => Artifact.ArtifactSequence;
}
