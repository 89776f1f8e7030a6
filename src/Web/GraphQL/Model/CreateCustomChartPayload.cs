namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>createCustomChart</c>: the stored preset (the clients read its <c>id</c>).</summary>
public sealed record CreateCustomChartPayload(CustomChartNode Chart, string? ClientMutationId);
