using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Runs;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// The compacted history of one run, owned by its run grain. Lines of acknowledged batches are queued as they
/// become durable (<see cref="Accept"/>) and applied to in-memory columnar segments right after
/// (<see cref="ApplyPendingAsync"/>; replayed lines wait for the first read or tick), and written out by the <see cref="HistoryWriter"/> without the
/// grain waiting (<see cref="StartCompaction"/>). The run log remains the durable record: the manifest says how
/// far into it the stored segments reach, and an activation replays the rest.
/// </summary>
internal sealed class RunHistory
{
    private readonly string _runKey;
    private readonly IHistorySegmentStore _store;
    private readonly HistoryWriter _writer;
    // Lines to write at an offset, or (Lines null) a truncation of the stream to Offset rows, in log order.
    private readonly List<(HistoryStream Stream, long Offset, IReadOnlyList<string>? Lines, long Since)> _pending = [];
    private Task? _inflight;
    private Action? _onWritten;
    private long _appliedPosition;
    private string _incarnation = Guid.NewGuid().ToString("N");

    public RunHistory(string runKey, IHistorySegmentStore store, HistoryWriter writer, HistoryCache cache, HistoryOptions options)
    {
        _runKey = runKey;
        _store = store;
        _writer = writer;
        var rows = options.SegmentRows;
        if (rows < SegmentSummary.BlockRows || !System.Numerics.BitOperations.IsPow2(rows))
        {
            throw new ArgumentException($"History:SegmentRows must be a power of two of at least {SegmentSummary.BlockRows}.");
        }

        History = new HistoryStream(runKey, HistoryManifest.HistoryPrefix, rows, store, cache);
        Events = new HistoryStream(runKey, HistoryManifest.EventsPrefix, rows, store, cache);
    }

    public HistoryStream History { get; }

    public HistoryStream Events { get; }

    /// <summary>Lines accepted but not yet applied to segments.</summary>
    public int PendingLines => _pending.Sum(p => p.Lines?.Count ?? 0);

    /// <summary>The log position up to which stored segments are complete (where an activation replays from).</summary>
    public long StoredPosition { get; private set; }

    public HistoryStream Of(RunStream stream) => stream == RunStream.Events ? Events : History;

    /// <summary>Reads the manifest; returns the log position from which history must be replayed.</summary>
    public async Task<long> LoadAsync()
    {
        var bytes = await _store.ReadAsync(_runKey, HistoryManifest.BlobName);
        if (bytes is not null && HistoryManifest.TryDecode(bytes) is { } manifest)
        {
            _incarnation = manifest.Incarnation;
            History.Restore(manifest.History, manifest.SegmentRows);
            Events.Restore(manifest.Events, manifest.SegmentRows);
            StoredPosition = manifest.LogPosition;
        }

        History.Incarnation = Events.Incarnation = _incarnation;
        _appliedPosition = StoredPosition;
        return StoredPosition;
    }

    /// <summary>Queues the history and events lines of a durable batch that ends at <paramref name="endPosition"/>.</summary>
    public void Accept(IReadOnlyList<FileChunk> files, long endPosition)
    {
        // The batch starts where the one before it ended: replaying from there brings its lines back.
        var since = _appliedPosition;
        foreach (var chunk in files)
        {
            var stream = StreamFileKinds.Of(chunk.Name) switch
            {
                StreamFileKind.History => History,
                StreamFileKind.Events => Events,
                _ => null,
            };
            if (stream is not null && chunk.Lines.Count > 0)
            {
                // Replayed lines are views over a log buffer: materialise them, the buffer is not ours to keep.
                IReadOnlyList<string> lines = chunk.Lines is LazyLines lazy ? lazy.ToArray() : chunk.Lines;
                _pending.Add((stream, chunk.Offset, lines, since));
            }
        }

        _appliedPosition = Math.Max(_appliedPosition, endPosition);
    }

    /// <summary>
    /// Queues a durable truncation of the history stream to <paramref name="rows"/> rows (a rewind) whose record ends
    /// at <paramref name="endPosition"/>; it applies in log order with the lines around it.
    /// </summary>
    public void AcceptTruncation(long rows, long endPosition)
    {
        _pending.Add((History, rows, null, _appliedPosition));
        _appliedPosition = Math.Max(_appliedPosition, endPosition);
    }

    /// <summary>Applies queued lines to the segments (reads call this first, so they see every acknowledged row).</summary>
    public async ValueTask ApplyPendingAsync()
    {
        // Taken one at a time so that a failed load leaves the rest queued, not lost.
        while (_pending.Count > 0)
        {
            var (stream, offset, lines, since) = _pending[0];
            if (lines is null)
            {
                await stream.TruncateAsync(offset, since);
            }
            else
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    await stream.SetAsync(offset + i, lines[i], since);
                }
            }

            _pending.RemoveAt(0);
        }
    }

    /// <summary>True when there is something to compact and no compaction is in flight.</summary>
    public bool NeedsCompaction => _inflight is null && (_pending.Count > 0 || History.IsDirty || Events.IsDirty);

    /// <summary>
    /// Hands changed segments and a new manifest to the writer without waiting for it; <see cref="CheckCompaction"/>
    /// on a later tick records the outcome. The open segment of each stream goes along only when
    /// <paramref name="includeOpen"/> (the run is quiet, finished or deactivating); until then the manifest's log
    /// position stays where replaying rebuilds it. Call <see cref="ApplyPendingAsync"/> first.
    /// </summary>
    public void StartCompaction(bool includeOpen)
    {
        if (_inflight is not null || _pending.Count > 0)
        {
            return;
        }

        var blobs = new List<(string Name, byte[] Content)>();
        var obsolete = new List<string>();
        var position = _appliedPosition;
        var replayFrom = position;
        var historyDone = History.Snapshot(blobs, obsolete, includeOpen, position, ref replayFrom);
        var eventsDone = Events.Snapshot(blobs, obsolete, includeOpen, position, ref replayFrom);
        if (blobs.Count == 0 && replayFrom == StoredPosition && !History.HasDropped && !Events.HasDropped)
        {
            return;
        }

        var manifest = new HistoryManifest(_incarnation, replayFrom, History.Manifest, Events.Manifest, History.SegmentRows);
        blobs.Add((HistoryManifest.BlobName, manifest.Encode()));
        _inflight = _writer.SubmitAsync(_runKey, blobs, obsolete);
        _onWritten = () =>
        {
            historyDone();
            eventsDone();
            StoredPosition = replayFrom;
        };
    }

    /// <summary>
    /// Records a finished compaction; true when one finished. A failed one is retried by the next
    /// <see cref="StartCompaction"/>: its segments are still marked changed.
    /// </summary>
    public bool CheckCompaction(out Exception? failure, bool releaseAll)
    {
        failure = null;
        if (_inflight is not { IsCompleted: true } done)
        {
            return false;
        }

        _inflight = null;
        if (done.IsCompletedSuccessfully)
        {
            _onWritten?.Invoke();
            History.Release(releaseAll);
            Events.Release(releaseAll);
        }
        else
        {
            failure = done.Exception?.GetBaseException();
        }

        _onWritten = null;
        return true;
    }

    /// <summary>Applies, compacts and waits for the write (deactivation; reads never wait for it).</summary>
    public async Task FlushAsync()
    {
        await ApplyPendingAsync();
        await WaitAsync();
        StartCompaction(includeOpen: true);
        if (await WaitAsync() is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Forgets the stored history (a damaged blob was found): the caller replays the whole log into it again
    /// under a new incarnation, and the next compaction writes everything anew.
    /// </summary>
    public async Task RestartAsync()
    {
        await WaitAsync();
        _pending.Clear();
        History.Reset();
        Events.Reset();
        _incarnation = Guid.NewGuid().ToString("N");
        History.Incarnation = Events.Incarnation = _incarnation;
        StoredPosition = 0;
        _appliedPosition = 0;
    }

    /// <summary>Forgets everything and removes the stored history (the run is being deleted).</summary>
    public async Task DeleteAsync()
    {
        await WaitAsync();
        _pending.Clear();
        History.Reset();
        Events.Reset();
        StoredPosition = 0;
        _appliedPosition = 0;
        await _store.DeleteRunAsync(_runKey);
    }

    private async Task<Exception?> WaitAsync()
    {
        if (_inflight is not { } inflight)
        {
            return null;
        }

        try
        {
            await inflight;
        }
        catch (Exception)
        {
            // Reported by CheckCompaction below.
        }

        CheckCompaction(out var failure, releaseAll: true);
        return failure;
    }
}
