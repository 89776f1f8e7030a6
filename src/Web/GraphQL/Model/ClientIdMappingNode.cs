namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>ClientIDMapping</c>: the server id the client's id stands for (clients decode it from base64).</summary>
public sealed record ClientIdMappingNode(string ServerID);
