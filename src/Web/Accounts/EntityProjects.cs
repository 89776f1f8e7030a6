using Orleans.Wandb.Contracts.Projects;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>One entity the user belongs to and its projects (with run counts and last activity), for the home page.</summary>
public sealed record EntityProjects(string Entity, IReadOnlyList<ProjectInfo> Projects);
