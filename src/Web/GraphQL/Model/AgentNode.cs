using Orleans.Wandb.Contracts.Sweeps;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>Agent</c>: one agent of a sweep.</summary>
public sealed record AgentNode(SweepAgentInfo Info, SweepNode Sweep);
