using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>Entity</c> (a user's personal entity or a team), known by name.</summary>
public sealed record EntityNode(string Name)
{
    public string Id => RelayIds.Entity(Name);
}
