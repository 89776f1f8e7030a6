namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>agentHeartbeat</c>: the agent and its commands (a JSON array as JSON text).</summary>
public sealed record AgentHeartbeatPayload(AgentNode Agent, string Commands, string? ClientMutationId);
