namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary><c>ServerFeature</c>: one flag of <c>serverInfo.features</c>.</summary>
public sealed record ServerFeatureModel(string Name, bool IsEnabled);
