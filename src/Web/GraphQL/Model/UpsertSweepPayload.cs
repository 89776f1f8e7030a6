namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>upsertSweep</c>.</summary>
public sealed record UpsertSweepPayload(SweepNode Sweep, bool Inserted, IReadOnlyList<string> ConfigValidationWarnings, string? ClientMutationId);
