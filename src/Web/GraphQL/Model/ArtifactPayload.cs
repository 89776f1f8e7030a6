namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of the mutations that answer one version (create, commit, use, delete).</summary>
public sealed record ArtifactPayload(ArtifactNode? Artifact, string? ClientMutationId);
