namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>upsertBucket</c>: the run, whether it was created, and the server's messages.</summary>
public sealed record UpsertBucketPayload(RunNode Bucket, bool Inserted, ServerSettingsModel ServerSettings, string? ClientMutationId);
