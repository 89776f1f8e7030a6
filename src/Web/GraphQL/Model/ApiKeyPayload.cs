namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>generateApiKey</c>.</summary>
public sealed record ApiKeyPayload(ApiKeyNode ApiKey, string? ClientMutationId);
