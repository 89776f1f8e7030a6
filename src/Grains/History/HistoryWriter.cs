using System.Threading.Channels;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// Writes compacted history for run grains, outside any grain: a grain hands over the encoded blobs of one
/// compaction and goes on serving requests; it looks at the returned task on a later timer tick. Jobs run in
/// submission order, so a run's manifest is never written before the blobs it names, nor before an older one.
/// </summary>
public sealed class HistoryWriter : IAsyncDisposable
{
    private readonly IHistorySegmentStore _store;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public HistoryWriter(IHistorySegmentStore store)
    {
        _store = store;

        // A plain background loop outside the grain scheduler, as the run-log flusher.
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues blobs to be written in order, then superseded blobs to be removed; the task completes when the
    /// writes are durable (a failed removal only leaves garbage behind, never wrong answers).
    /// </summary>
    public Task SubmitAsync(string runKey, IReadOnlyList<(string Name, byte[] Content)> blobs, IReadOnlyList<string> obsolete)
    {
        var job = new Job(runKey, blobs, obsolete);
        return _jobs.Writer.TryWrite(job) ? job.Completion.Task : Task.FromException(new ObjectDisposedException(nameof(HistoryWriter)));
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync())
        {
            try
            {
                foreach (var (name, content) in job.Blobs)
                {
                    await _store.WriteAsync(job.RunKey, name, content);
                }
            }
            catch (Exception e)
            {
                job.Completion.TrySetException(e);
                continue;
            }

            try
            {
                await _store.DeleteAsync(job.RunKey, job.Obsolete);
            }
            catch (Exception)
            {
                // Orphaned blobs are harmless: the manifest no longer names them.
            }

            // Completed after the clean-up, so whoever waits sees the store as the manifest describes it.
            job.Completion.TrySetResult();
        }
    }

    private sealed record Job(string RunKey, IReadOnlyList<(string Name, byte[] Content)> Blobs, IReadOnlyList<string> Obsolete)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
