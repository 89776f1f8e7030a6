namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The payload of mutations that only report success (<c>SuccessPayload</c>, <c>StopRunPayload</c>).</summary>
public sealed record SuccessPayload(bool Success, string? ClientMutationId);
