using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Sweeps;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>Sweep</c>: the sweep grain's snapshot and the project it belongs to.</summary>
public sealed record SweepNode(SweepInfo Info, ProjectInfo Project);
