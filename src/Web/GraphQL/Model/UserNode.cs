using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>User</c>: the viewer, or the owner of a run or project.</summary>
public sealed record UserNode(UserIdentity Identity);
