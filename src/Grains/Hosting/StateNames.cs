namespace Orleans.Wandb.Grains.Hosting;

/// <summary>Names of the persistent states grains keep (the storage row key, never rename).</summary>
public static class StateNames
{
    /// <summary>A run grain's metadata and stream counters.</summary>
    public const string Run = "run";

    /// <summary>The instance's client version policy (one grain).</summary>
    public const string ClientVersionPolicy = "client-version-policy";

    /// <summary>A user's session stamp (one grain per user).</summary>
    public const string UserSessions = "user-sessions";

    /// <summary>A sweep: config, state, agents, runs, search position (one grain per sweep).</summary>
    public const string Sweep = "sweep";

    /// <summary>The names of a project's sweeps (one grain per project).</summary>
    public const string ProjectSweeps = "project-sweeps";

    /// <summary>A project's saved views: workspaces and reports (one grain per project).</summary>
    public const string ProjectViews = "project-views";

    /// <summary>A custom chart preset (one grain per entity and chart name).</summary>
    public const string CustomChart = "custom-chart";

    /// <summary>The names of an entity's custom chart presets (one grain per entity).</summary>
    public const string EntityCharts = "entity-charts";
}
