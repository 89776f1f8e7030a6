namespace Orleans.Wandb.Grains.Hosting;

/// <summary>Keys of keyed services the grains resolve.</summary>
public static class ServiceKeys
{
    /// <summary>
    /// The <see cref="TimeProvider"/> the run and project grains read run times from. Separate from Orleans'
    /// own (unkeyed) clock so tests can fake run time without freezing the runtime's timers and membership.
    /// </summary>
    public const string Clock = "wandb.clock";
}
