using Orleans.Wandb.Contracts.Views;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>A saved view with the project it belongs to (its id names both).</summary>
public sealed record ViewNode(SavedView View, string Entity, string Project);
