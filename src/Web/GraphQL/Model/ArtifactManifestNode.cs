namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>ArtifactManifest</c>: its id and the <c>File</c> its bytes are uploaded to and read from.</summary>
public sealed record ArtifactManifestNode(long ManifestId, ArtifactFileNode File)
{
    public string Id => ArtifactIds.Manifest(ManifestId);
}
