namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>createAgent</c>.</summary>
public sealed record CreateAgentPayload(AgentNode Agent, string? ClientMutationId);
