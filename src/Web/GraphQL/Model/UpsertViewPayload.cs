namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of <c>upsertView</c>.</summary>
public sealed record UpsertViewPayload(ViewNode View, bool Inserted, string? ClientMutationId);
