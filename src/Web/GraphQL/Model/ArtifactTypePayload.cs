namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>createArtifactType</c>.</summary>
public sealed record ArtifactTypePayload(ArtifactTypeNode ArtifactType, string? ClientMutationId);
