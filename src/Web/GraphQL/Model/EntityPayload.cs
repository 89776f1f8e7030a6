namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>createTeam</c>.</summary>
public sealed record EntityPayload(EntityNode Entity, string? ClientMutationId);
