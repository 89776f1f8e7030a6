namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>upsertModel</c>; W&amp;B returns the project under both names.</summary>
public sealed record UpsertModelPayload(ProjectNode Project, ProjectNode Model, bool Inserted, string? ClientMutationId);
