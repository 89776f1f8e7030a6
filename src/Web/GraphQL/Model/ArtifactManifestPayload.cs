namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>createArtifactManifest</c> and <c>updateArtifactManifest</c>.</summary>
public sealed record ArtifactManifestPayload(ArtifactManifestNode ArtifactManifest, string? ClientMutationId);
