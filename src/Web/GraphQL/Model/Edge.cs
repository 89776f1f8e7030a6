namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>One edge of a <see cref="Connection{T}"/>; clients continue paging from the last edge's cursor.</summary>
public sealed record Edge<T>(T? Node, string? Cursor);
