namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>
/// An agent's <c>agentHeartbeat</c>: the runs it still runs (<c>runState</c>: run id to <c>true</c>). A run it was given
/// that is no longer listed has ended.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.agent-heartbeat.v1")]
public sealed record AgentHeartbeat(
    [property: Id(0)] string Agent,
    [property: Id(1)] IReadOnlyList<string> RunningRuns);
