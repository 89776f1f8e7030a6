namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>createArtifactFiles</c>: one file per spec, in request order.</summary>
public sealed record ArtifactFilesPayload(Connection<ArtifactFileNode> Files, string? ClientMutationId);
