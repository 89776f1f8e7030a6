namespace Orleans.Wandb.Contracts.Runs;

/// <summary>Fixed sizes of the run protocol.</summary>
public static class RunLimits
{
    /// <summary>How many trailing history/events lines resume answers carry.</summary>
    public const int TailLines = 10;
}
