namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>Relay page information.</summary>
public sealed record PageInfo(string? EndCursor, bool HasNextPage);
