namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>The documented caps of sweeps; past each a request answers 400 naming the cap.</summary>
public static class SweepLimits
{
    /// <summary>Largest sweep configuration text (YAML or JSON), in characters.</summary>
    public const int MaxConfigChars = 64 * 1024;

    /// <summary>Most parameters (leaves of nested parameters included) one sweep searches.</summary>
    public const int MaxParameters = 100;

    /// <summary>Most values one <c>values</c> list holds.</summary>
    public const int MaxValuesPerParameter = 10_000;

    /// <summary>Most points a grid search may enumerate (the product of every parameter's values).</summary>
    public const long MaxGridPoints = 1_000_000;

    /// <summary>Most runs one sweep holds (proposed and attached).</summary>
    public const int MaxRuns = 20_000;

    /// <summary>Most agents one sweep registers over its life.</summary>
    public const int MaxAgents = 1_000;

    /// <summary>Most sweeps one project holds.</summary>
    public const int MaxSweepsPerProject = 10_000;

    /// <summary>Largest host name or display name, in characters.</summary>
    public const int MaxNameChars = 256;

    /// <summary>Largest description, in characters.</summary>
    public const int MaxDescriptionChars = 4096;

    /// <summary>Most run ids one agent heartbeat may report.</summary>
    public const int MaxHeartbeatRuns = 1_000;

    /// <summary>Largest JSON an <c>enqueueSweepRun</c> config may be, in characters.</summary>
    public const int MaxEnqueuedConfigChars = 64 * 1024;

    /// <summary>Most runs waiting in a sweep's queue of enqueued configurations.</summary>
    public const int MaxEnqueuedRuns = 1_000;
}
