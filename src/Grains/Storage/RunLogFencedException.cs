using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// An append was refused because another writer has claimed the run's log since this one started writing it
/// (<see cref="IRunLogStore.ClaimAsync"/>): this activation's view of the run is stale. Nothing of the refused
/// append is in the log; the run grain makes way for a fresh activation and the client's retry goes there.
/// </summary>
public sealed class RunLogFencedException(string runKey)
    : Exception($"Another activation of run {runKey} has taken over its log; this one must not write to it.")
{
    public string RunKey { get; } = runKey;

    /// <summary>What the client is told: the run moved, so retrying (a 503) reaches the new owner.</summary>
    public StorageUnavailableException ForClient() =>
        new($"Run {RunKey} moved to another server while this request was in flight; retry.", this);
}
