using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>An entity; <paramref name="Info"/> is loaded when the entity was looked up by name (members, kind).</summary>
public sealed record EntityNode(string Name, TeamInfo? Info = null)
{
    public string Id => RelayIds.Entity(Name);
}
