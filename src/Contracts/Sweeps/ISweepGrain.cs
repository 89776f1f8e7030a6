namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>
/// One sweep, keyed by <see cref="Keys.SweepKey"/>: its configuration, state, agents, runs and search state, durable in
/// grain state. The grain owns the search: every agent heartbeat is one call, so two agents never get the same grid
/// point, and a proposal is written before it is answered, so a restart never hands a point out twice.
/// </summary>
[Alias("wandb.ISweepGrain")]
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Creates the sweep (config required, validated) or changes its config, state or descriptions.</summary>
    [Alias("Upsert")]
    Task<SweepUpsertResult> UpsertAsync(SweepUpsert upsert);

    /// <summary>The sweep, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<SweepInfo?> GetAsync();

    /// <summary>Registers an agent running on <paramref name="host"/> for <paramref name="userId"/>.</summary>
    [Alias("CreateAgent")]
    Task<SweepAgentInfo> CreateAgentAsync(string host, long userId);

    /// <summary>Records an agent's heartbeat and answers its next commands (run, stop, exit).</summary>
    [Alias("Heartbeat")]
    Task<AgentCommands> HeartbeatAsync(AgentHeartbeat heartbeat);

    /// <summary>The sweep's agents, oldest first.</summary>
    [Alias("GetAgents")]
    Task<IReadOnlyList<SweepAgentInfo>> GetAgentsAsync();

    /// <summary>The sweep's runs with their parameters and metric, oldest first.</summary>
    [Alias("GetRuns")]
    Task<IReadOnlyList<SweepRunInfo>> GetRunsAsync();

    /// <summary>
    /// A run called <c>upsertBucket</c> naming this sweep: it becomes one of the sweep's runs (a run the sweep
    /// proposed is recognised by name). False when the sweep does not exist.
    /// </summary>
    [Alias("AttachRun")]
    Task<bool> AttachRunAsync(string runName);

    /// <summary>Queues a run with the given parameters (JSON object) for the next agent; answers its run id.</summary>
    [Alias("EnqueueRun")]
    Task<string> EnqueueRunAsync(string parametersJson, string? displayName);
}
