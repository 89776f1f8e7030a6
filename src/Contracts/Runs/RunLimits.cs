namespace Orleans.Wandb.Contracts.Runs;

/// <summary>Fixed sizes of the run protocol.</summary>
public static class RunLimits
{
    /// <summary>How many trailing history/events lines resume answers carry.</summary>
    public const int TailLines = 10;

    /// <summary>
    /// The most lines one streamed file of a run holds (2^30): a batch whose offset plus line count passes it is
    /// refused, so no offset can leave the run without room for the next line, and line arithmetic never overflows.
    /// </summary>
    public const int MaxLines = 1 << 30;
}
