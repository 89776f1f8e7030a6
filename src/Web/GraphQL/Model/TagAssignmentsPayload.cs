namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>createArtifactCollectionTagAssignments</c> (the collection's tags) and <c>delete…</c> (success).</summary>
public sealed record TagAssignmentsPayload(IReadOnlyList<TagNode> Tags, bool Success, string? ClientMutationID);
