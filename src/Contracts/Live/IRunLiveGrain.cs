using Orleans.Concurrency;

namespace Orleans.Wandb.Contracts.Live;

/// <summary>
/// What the web app awaits and reads of one run, keyed by <see cref="Keys.RunKey"/> (the same activation as
/// <see cref="Runs.IRunGrain"/>). The run bumps a version on every durable change, so a live page waits on the
/// grain instead of polling the database.
/// </summary>
[Alias("wandb.IRunLiveGrain")]
public interface IRunLiveGrain : IGrainWithStringKey
{
    /// <summary>
    /// Completes as soon as the run's change version differs from <paramref name="knownVersion"/> (at once when it
    /// already does), or after <paramref name="maxWait"/>; returns the current version. Interleaves, so a waiting
    /// viewer never holds up the run's writers.
    /// </summary>
    [AlwaysInterleave, Alias("WaitForChange")]
    Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait);

    /// <summary>Console lines (<c>output.log</c>) from line <paramref name="fromLine"/>, at most <paramref name="maxLines"/>.</summary>
    [Alias("GetOutput")]
    Task<OutputLines> GetOutputAsync(int fromLine, int maxLines);
}
