namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>How sweep grains treat silent agents and keep their view of the runs current.</summary>
public sealed class SweepOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Sweeps";

    /// <summary>
    /// An agent silent for longer is marked crashed; the runs it was given but never started are re-offered
    /// (agents heartbeat every few seconds, W&amp;B's agents every 5).
    /// </summary>
    public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an active sweep reads the state and metric of its unfinished runs from their run grains.</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a grid point whose run crashed or failed is offered again before it is given up.</summary>
    public int GridRetries { get; set; } = 2;
}
