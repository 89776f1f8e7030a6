namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>
/// A sweep's states, spelled as W&amp;B's clients send and compare them (upper case). <c>wandb sweep --stop</c> sends
/// <see cref="Finished"/>, <c>--cancel</c> <see cref="Canceled"/>, <c>--pause</c> <see cref="Paused"/> and
/// <c>--resume</c> <see cref="Running"/>.
/// </summary>
public static class SweepStates
{
    /// <summary>Agents get new runs.</summary>
    public const string Running = "RUNNING";

    /// <summary>Agents wait: no new runs, running runs continue.</summary>
    public const string Paused = "PAUSED";

    /// <summary>No new runs; running runs finish; agents exit once idle. Also reached when the search is exhausted.</summary>
    public const string Finished = "FINISHED";

    /// <summary>No new runs; agents stop their running runs and exit.</summary>
    public const string Canceled = "CANCELED";

    /// <summary>Stopped by a scheduler (W&amp;B Launch's word for it); behaves as <see cref="Finished"/>.</summary>
    public const string Stopped = "STOPPED";

    /// <summary>Every state a client may set, in upper case.</summary>
    public static readonly IReadOnlyList<string> All = [Running, Paused, Finished, Canceled, Stopped];

    /// <summary>The state in W&amp;B's spelling, or null when <paramref name="state"/> is none of them.</summary>
    public static string? Normalize(string? state)
    {
        var upper = state?.Trim().ToUpperInvariant();
        return upper == "CANCELLED" ? Canceled : All.FirstOrDefault(s => s == upper);
    }

    /// <summary>True when agents of a sweep in this state get no new runs ever again.</summary>
    public static bool IsTerminal(string state) => state is Finished or Canceled or Stopped;
}
