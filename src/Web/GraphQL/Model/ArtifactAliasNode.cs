namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>ArtifactAlias</c>: an alias and the collection it belongs to.</summary>
public sealed record ArtifactAliasNode(string Alias, ArtifactCollectionNode ArtifactCollection)
{
    public string Id => ArtifactIds.Alias(ArtifactCollection.Info.Id, Alias);
}
