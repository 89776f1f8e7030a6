namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>deleteArtifactSequence</c>: the collection as it was, in state <c>DELETED</c>.</summary>
public sealed record ArtifactCollectionPayload(ArtifactCollectionNode ArtifactCollection, string? ClientMutationId);
