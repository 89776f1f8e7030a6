using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// The append-only, durable log of one run's stream data (file_stream batches). A run grain appends one
/// record per batch and acknowledges the client only once <see cref="AppendAsync"/> has completed, and it
/// replays the log on activation. Embedded: one file per run; cluster: one append blob per run.
/// </summary>
public interface IRunLogStore
{
    /// <summary>
    /// Appends one record and completes once it is durable (on disk, fsynced); returns the log position
    /// just after the record. Faults with <see cref="Contracts.Storage.StorageUnavailableException"/> when the
    /// record could not be made durable; then the record is not part of the log.
    /// </summary>
    Task<long> AppendAsync(string runKey, ReadOnlyMemory<byte> payload);

    /// <summary>
    /// The acknowledged records of a run in append order, starting at log position <paramref name="from"/>
    /// (0 or a position an append or an earlier read returned). Stops at a torn or corrupt tail.
    /// </summary>
    IAsyncEnumerable<RunLogRecord> ReadAsync(string runKey, long from = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes this process the only writer of the run's log before it reads the log to take the run over: once it
    /// completes, an append by any earlier writer (an activation on a silo the cluster has declared dead but that
    /// still runs, or an older activation in this process) fails instead of being acknowledged, so everything ever
    /// acknowledged is in what a read started afterwards returns. A writer that finds it has been fenced off this way
    /// fails its appends with <see cref="RunLogFencedException"/>.
    /// </summary>
    Task ClaimAsync(string runKey);

    /// <summary>Removes the run's log (the run is being deleted); completes once the file is gone.</summary>
    Task DeleteAsync(string runKey);
}
