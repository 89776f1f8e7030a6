namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>
/// What a heartbeat answers: the commands as the agents parse them, a JSON array of
/// <c>{"type":"run","run_id":…,"program":…,"args":{name:{"value":…}}}</c>, <c>{"type":"stop","run_id":…}</c> and
/// <c>{"type":"exit"}</c> (wandb v0.16.6 wandb/wandb_agent.py:Agent._process_command).
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.agent-commands.v1")]
public sealed record AgentCommands(
    [property: Id(0)] string CommandsJson,
    [property: Id(1)] SweepAgentInfo Agent);
