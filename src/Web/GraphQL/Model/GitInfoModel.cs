namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>GraphQL <c>GitInfo</c>: the repository and commit the run reported.</summary>
public sealed record GitInfoModel(string? Remote, string? Commit);
