namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>enqueueSweepRun</c>: the id the queued run will have (no launch queue is involved).</summary>
public sealed record EnqueueSweepRunPayload(string Id, string? RunQueueItemId, string? ClientMutationId);
