namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>The answer to <c>rewindRun</c>: the run as the rewind left it (the clients resume from its <c>historyLineCount</c>).</summary>
public sealed record RewindRunPayload(RunNode RewoundRun, string? ClientMutationId);
