namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>createUser and createServiceAccount</c>.</summary>
public sealed record UserPayload(UserNode? User, string? ClientMutationId);
