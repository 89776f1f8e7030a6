namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>unlinkArtifact</c>.</summary>
public sealed record UnlinkArtifactPayload(string ArtifactId, bool Success, string? ClientMutationId)
{
    public string ArtifactID => ArtifactId;
}
