using Orleans.Wandb.Contracts.Projects;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>Project</c> (also reached as <c>model</c>).</summary>
public sealed record ProjectNode(ProjectInfo Info);
