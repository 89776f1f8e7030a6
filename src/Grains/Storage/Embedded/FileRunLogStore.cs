using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Grains.Storage.RunLogs;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// <see cref="IRunLogStore"/> on the local disk: one append-only file per run under
/// <c>{DataDir}/history/{entity}/{project}/{run}.log</c>.
/// </summary>
/// <remarks>
/// Group commit: appends from all runs go into one queue; a single flusher takes everything queued, writes
/// each run's records with one positional write, fsyncs every touched file once, and only then completes
/// the waiting tasks. Under load many batches share one fsync per file, which is what makes "durable before
/// acknowledged" affordable. Files stay open in a bounded LRU owned by the flusher alone, so it needs no locks.
/// </remarks>
public sealed partial class FileRunLogStore : IRunLogStore, IAsyncDisposable
{
    private readonly string _root;
    private readonly int _maxOpenFiles;
    private readonly ILogger<FileRunLogStore> _logger;
    private readonly Channel<PendingAppend> _queue =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });

    // Acknowledged length of every log this process has opened for writing: readers never read past it
    // (a write may be in flight beyond), and reopening a file of that length needs no rescan.
    private readonly ConcurrentDictionary<string, long> _durableLengths = new(StringComparer.Ordinal);

    // Flusher-only state.
    private readonly Dictionary<string, LinkedListNode<OpenLog>> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<OpenLog> _lru = new();
    private readonly ParallelFileSync _sync;
    private readonly Task _flusher;
    private long _batchNumber;

    private readonly WandbMetrics? _metrics;

    public FileRunLogStore(IOptions<StorageOptions> options, ILogger<FileRunLogStore> logger, WandbMetrics? metrics = null)
    {
        _metrics = metrics;
        _root = Path.Combine(Path.GetFullPath(options.Value.DataDir), "history");
        _maxOpenFiles = Math.Max(1, options.Value.MaxOpenLogFiles);
        _logger = logger;
        _sync = new ParallelFileSync(Math.Max(1, options.Value.LogSyncParallelism));

        // The flusher is a plain background loop outside any grain; it owns all file handles.
        _flusher = Task.Run(FlushLoopAsync);
    }

    /// <inheritdoc />
    public Task<long> AppendAsync(string runKey, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > LogFrame.MaxPayloadSize)
        {
            throw new ArgumentException($"A run-log record may hold at most {LogFrame.MaxPayloadSize} bytes.", nameof(payload));
        }

        var pending = new PendingAppend(runKey, payload);
        if (!_queue.Writer.TryWrite(pending))
        {
            return Task.FromException<long>(new StorageUnavailableException("The run log store is shutting down."));
        }

        return pending.Completion.Task;
    }

    /// <inheritdoc />
    /// <remarks>The embedded profile is a single silo: there is no other process whose activation of the run could
    /// still be writing, and within this process the flusher writes each run's records in the order they came.</remarks>
    public Task ClaimAsync(string runKey) => Task.CompletedTask;

    /// <inheritdoc />
    public Task DeleteAsync(string runKey)
    {
        // Through the flusher, which owns the open handles: it closes the file before removing it.
        var pending = new PendingAppend(runKey, ReadOnlyMemory<byte>.Empty) { Delete = true };
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task
            : Task.FromException<long>(new StorageUnavailableException("The run log store is shutting down."));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RunLogRecord> ReadAsync(
        string runKey,
        long from = 0,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = PathOf(runKey);
        FileStream stream;
        try
        {
            if (!File.Exists(path))
            {
                yield break;
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The log of run {runKey} cannot be read: {e.Message}", e);
        }

        await using (stream)
        {
            var limit = _durableLengths.TryGetValue(runKey, out var durable) ? durable : stream.Length;
            stream.Position = from;
            await foreach (var record in LogFrameReader.ReadAsync(stream, from, limit, cancellationToken))
            {
                yield return record;
            }
        }
    }

    /// <summary>Stops accepting appends, finishes the queued ones and closes every file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _flusher;
        foreach (var log in _lru)
        {
            await log.Stream.DisposeAsync();
        }

        _lru.Clear();
        _open.Clear();
        _sync.Dispose();
    }

    private string PathOf(string runKey)
    {
        // RunKey.Parse plus the name rules in Contracts keep '/', '\' and ".." out of every part.
        var (entity, project, run) = RunKey.Parse(runKey);
        return Path.Combine(_root, entity, project, run + ".log");
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<PendingAppend>();
        var groups = new Dictionary<string, List<PendingAppend>>(StringComparer.Ordinal);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                FlushBatch(batch, groups);
            }
            catch (Exception e)
            {
                // FlushBatch faults what it cannot write; this is the last line of defence for the loop itself.
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(
                        new StorageUnavailableException($"The run log could not be written: {e.Message}", e));
                }
            }

            batch.Clear();
            foreach (var list in groups.Values)
            {
                list.Clear();
            }

            if (groups.Count > 1024)
            {
                groups.Clear();
            }
        }
    }

    private void FlushBatch(List<PendingAppend> batch, Dictionary<string, List<PendingAppend>> groups)
    {
        _batchNumber++;
        foreach (var pending in batch)
        {
            if (pending.Delete)
            {
                DeleteLog(pending);
                continue;
            }

            if (!groups.TryGetValue(pending.RunKey, out var list))
            {
                groups[pending.RunKey] = list = [];
            }

            list.Add(pending);
        }

        // Phase 1: one positional write per run.
        var written = new List<(OpenLog Log, List<PendingAppend> Appends, long StartLength)>(groups.Count);
        foreach (var (runKey, appends) in groups)
        {
            if (appends.Count == 0)
            {
                continue;
            }

            OpenLog? log = null;
            try
            {
                log = GetOrOpen(runKey);
                var start = log.Length;
                WriteFrames(log, appends);
                written.Add((log, appends, start));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(runKey, log, log?.Length, appends, e);
            }
        }

        // Phase 2: one fsync per touched file, all at once, then acknowledge.
        var syncStarted = Stopwatch.GetTimestamp();
        var errors = _sync.SyncAll(written.ConvertAll(w => w.Log.Stream));
        if (written.Count > 0)
        {
            _metrics?.GroupCommitted(written.Sum(w => w.Appends.Count), Stopwatch.GetElapsedTime(syncStarted));
        }

        for (var i = 0; i < written.Count; i++)
        {
            var (log, appends, start) = written[i];
            if (errors[i] is { } error)
            {
                Fail(log.RunKey, log, start, appends, error);
                continue;
            }

            _durableLengths[log.RunKey] = log.Length;
            foreach (var pending in appends)
            {
                pending.Completion.TrySetResult(pending.EndPosition);
            }
        }

        // A batch touching more runs than the cap may have kept extra files open; close them now they are synced.
        TrimOpenFiles(_maxOpenFiles);
    }

    private void DeleteLog(PendingAppend pending)
    {
        try
        {
            if (_open.TryGetValue(pending.RunKey, out var node))
            {
                Close(node.Value);
            }

            DeleteIfPresent(PathOf(pending.RunKey));
            _durableLengths.TryRemove(pending.RunKey, out _);
            pending.Completion.TrySetResult(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            pending.Completion.TrySetException(new StorageUnavailableException($"The log of run {pending.RunKey} could not be deleted: {e.Message}", e));
        }
    }

    /// <summary>
    /// Deletes a file; one that is not there (a run that never streamed has no folder either) is already deleted, not
    /// an outage: answering 503 would make the clients retry the deletion forever.
    /// </summary>
    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void WriteFrames(OpenLog log, List<PendingAppend> appends)
    {
        var total = 0L;
        foreach (var pending in appends)
        {
            total += LogFrame.HeaderSize + pending.Payload.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(total, int.MaxValue));
        try
        {
            var used = 0;
            var position = log.Length;
            foreach (var pending in appends)
            {
                var payload = pending.Payload.Span;
                LogFrame.WriteHeader(buffer.AsSpan(used, LogFrame.HeaderSize), payload);
                payload.CopyTo(buffer.AsSpan(used + LogFrame.HeaderSize));
                used += LogFrame.HeaderSize + payload.Length;
                position += LogFrame.HeaderSize + payload.Length;
                pending.EndPosition = position;
            }

            RandomAccess.Write(log.Stream.SafeFileHandle, buffer.AsSpan(0, used), log.Length);
            log.Length = position;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Fail(string runKey, OpenLog? log, long? truncateTo, List<PendingAppend> appends, Exception error)
    {
        LogAppendFailed(runKey, error);
        var exception = new StorageUnavailableException($"The log of run {runKey} could not be written: {error.Message}", error);
        foreach (var pending in appends)
        {
            pending.Completion.TrySetException(exception);
        }

        // Drop what this batch may have left behind: those bytes were never acknowledged. Whatever happens,
        // close the file so that the next append reopens it and revalidates the tail.
        if (log is not null)
        {
            try
            {
                if (truncateTo is { } length)
                {
                    log.Stream.SetLength(length);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogTruncateFailed(runKey, e);
            }

            Close(log);
        }
    }

    private OpenLog GetOrOpen(string runKey)
    {
        if (_open.TryGetValue(runKey, out var node))
        {
            _lru.Remove(node);
            _lru.AddFirst(node);
            node.Value.LastBatch = _batchNumber;
            return node.Value;
        }

        TrimOpenFiles(_maxOpenFiles - 1);

        var path = PathOf(runKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var fileLength = stream.Length;
            var valid = _durableLengths.TryGetValue(runKey, out var known) && fileLength >= known
                ? known
                : LogFrameReader.ValidLength(stream);
            if (fileLength > valid)
            {
                // Only bytes that were never acknowledged can be torn: acknowledged records were fsynced.
                stream.SetLength(valid);
                stream.Flush(flushToDisk: true);
                LogTornTailTruncated(runKey, fileLength - valid);
            }

            _durableLengths[runKey] = valid;
            var log = new OpenLog(runKey, stream) { Length = valid, LastBatch = _batchNumber };
            _open[runKey] = _lru.AddFirst(log);
            return log;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void TrimOpenFiles(int keep)
    {
        // Files written in the current batch are not fsynced yet: closing them would lose the sync, so the cap
        // yields until the batch is done. They sit at the front of the LRU, so stopping at the first is enough.
        while (_lru.Count > Math.Max(0, keep) && _lru.Last is { } oldest && oldest.Value.LastBatch != _batchNumber)
        {
            Close(oldest.Value);
        }
    }

    private void Close(OpenLog log)
    {
        if (_open.Remove(log.RunKey, out var node))
        {
            _lru.Remove(node);
        }

        try
        {
            log.Stream.Dispose();
        }
        catch (IOException e)
        {
            LogTruncateFailed(log.RunKey, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending to the log of run {RunKey} failed")]
    private partial void LogAppendFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean up the log of run {RunKey} after a failure")]
    private partial void LogTruncateFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Truncated {Bytes} unacknowledged bytes from the end of the log of run {RunKey}")]
    private partial void LogTornTailTruncated(string runKey, long bytes);

    private sealed class OpenLog(string runKey, FileStream stream)
    {
        public string RunKey { get; } = runKey;
        public FileStream Stream { get; } = stream;
        public long Length { get; set; }

        /// <summary>The flush batch that last wrote to the file.</summary>
        public long LastBatch { get; set; }
    }

    private sealed class PendingAppend(string runKey, ReadOnlyMemory<byte> payload)
    {
        public string RunKey { get; } = runKey;
        public ReadOnlyMemory<byte> Payload { get; } = payload;
        public long EndPosition { get; set; }

        /// <summary>Not an append: remove the run's log.</summary>
        public bool Delete { get; init; }

        // Continuations run on the thread pool, never on the flusher (and never inline in a grain turn).
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
