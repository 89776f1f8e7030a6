namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>The states of a sweep agent as <c>Agent.state</c> shows them.</summary>
internal static class AgentStates
{
    public const string Running = "RUNNING";

    /// <summary>Told to exit (the sweep ended).</summary>
    public const string Finished = "FINISHED";

    /// <summary>Silent for longer than <see cref="SweepOptions.AgentTimeout"/>; a heartbeat brings it back.</summary>
    public const string Crashed = "CRASHED";
}
