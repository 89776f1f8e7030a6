using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Grains.Storage.RunLogs;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// <see cref="IRunLogStore"/> on append blobs: each run's log is a series of segments
/// <c>logs/{entity}/{project}/{run}/{segment:D6}.log</c>, framed exactly like the embedded log files
/// (<see cref="LogFrame"/>: length, CRC-32, payload). A log position is <c>segment &lt;&lt; 40 | offset</c>, so
/// segment 0 has the byte offsets of an embedded log file and <c>migrate</c> copies files verbatim.
/// </summary>
/// <remarks>
/// <para>Durable before acknowledged: an append completes only after the Append Block call that holds its last byte
/// has succeeded, and Azure commits a block atomically and durably. Appends carry the expected append position, so
/// a second writer (a silo the cluster believes dead) cannot interleave blocks with ours.</para>
/// <para>Group commit: appends to one run that arrive while a block is in flight are packed into the next block
/// (up to 4 MiB, Azurite's and older services' limit), one request for many batches.</para>
/// <para>Torn writes: a record larger than a block spans blocks; if a later block of it fails, the segment ends in a
/// partial frame. Nothing acknowledged is affected (the record was never acknowledged), and readers stop a segment
/// at its first torn or corrupt frame. Because an append blob cannot be truncated, the writer then continues in a
/// new segment. A writer also starts a new segment whenever this process first writes to a run, so it never has to
/// validate someone else's tail, and before a segment reaches the service's 50,000-block limit.</para>
/// <para>One writer at a time (fencing): an activation that takes a run over first <em>seals</em> the run's highest
/// segment (<see cref="ClaimAsync"/>), then reads the log. A sealed append blob refuses every further block, so an
/// earlier writer still running somewhere (a silo declared dead that has not noticed yet, whose activation the
/// directory no longer knows) cannot get anything acknowledged that the new owner's read missed. Writers only ever
/// create the segment right after the one they hold or claimed, and only if it does not exist yet; a writer that finds
/// its segment sealed, or the next one already created, has been taken over and fails its appends for good
/// (<see cref="RunLogFencedException"/>). So the grain directory's lease after a silo failure is not what keeps a
/// run's log consistent, and the cluster can run with a short one.</para>
/// </remarks>
public sealed partial class BlobRunLogStore(BlobContainerFactory containers, ILogger<BlobRunLogStore> logger, WandbMetrics? metrics = null) : IRunLogStore
{
    /// <summary>Largest Append Block request.</summary>
    internal const int MaxBlockSize = 4 * 1024 * 1024;

    private const int SegmentShift = 40;
    private const long OffsetMask = (1L << SegmentShift) - 1;
    private const int MaxBlocksPerSegment = 49_000;

    private readonly ConcurrentDictionary<string, RunLogWriter> _writers = new(StringComparer.Ordinal);

    /// <summary>The log position of <paramref name="offset"/> in <paramref name="segment"/>.</summary>
    internal static long Position(int segment, long offset) => ((long)segment << SegmentShift) | offset;

    /// <summary>The blob-name prefix of a run's segments.</summary>
    internal static string PrefixOf(string runKey)
    {
        var (entity, project, run) = RunKey.Parse(runKey);
        return $"logs/{entity}/{project}/{run}/";
    }

    /// <summary>The blob name of one segment.</summary>
    internal static string SegmentName(string runKey, int segment) =>
        PrefixOf(runKey) + segment.ToString("D6", CultureInfo.InvariantCulture) + ".log";

    /// <inheritdoc />
    public Task<long> AppendAsync(string runKey, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > LogFrame.MaxPayloadSize)
        {
            throw new ArgumentException($"A run-log record may hold at most {LogFrame.MaxPayloadSize} bytes.", nameof(payload));
        }

        var pending = new PendingAppend(payload);
        var writer = _writers.GetOrAdd(runKey, key => new RunLogWriter(key));
        if (writer.Fenced)
        {
            return Task.FromException<long>(new RunLogFencedException(runKey));
        }

        bool start;
        lock (writer)
        {
            writer.Pending.Add(pending);
            start = !writer.Flushing;
            writer.Flushing = true;
        }

        if (start)
        {
            // The flush loop runs on the thread pool, never on the calling grain's scheduler.
            _ = Task.Run(() => FlushLoopAsync(writer));
        }

        return pending.Completion.Task;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RunLogRecord> ReadAsync(
        string runKey, long from = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fromSegment = (int)(from >> SegmentShift);
        var fromOffset = from & OffsetMask;
        foreach (var segment in await ListSegmentsAsync(runKey, cancellationToken))
        {
            if (segment < fromSegment)
            {
                continue;
            }

            var start = segment == fromSegment ? fromOffset : 0;
            Stream stream;
            try
            {
                var blob = containers.Container.GetBlobClient(SegmentName(runKey, segment));
                stream = (await blob.DownloadStreamingAsync(
                    new BlobDownloadOptions { Range = new HttpRange(start) }, cancellationToken)).Value.Content;
            }
            catch (RequestFailedException e) when (e.Status == 416)
            {
                // The checkpoint is at the very end of this segment.
                continue;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
            {
                throw BlobFailures.Unavailable($"read the log of run {runKey}", e);
            }

            await using (stream)
            {
                await foreach (var record in LogFrameReader.ReadAsync(stream, start, long.MaxValue, cancellationToken))
                {
                    yield return new RunLogRecord(record.Payload, Position(segment, record.EndPosition));
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task ClaimAsync(string runKey)
    {
        var writer = new RunLogWriter(runKey) { Claimed = true, Previous = await SealHighestAsync(runKey) };

        // Replaces any earlier writer of this process: should one still be flushing, its next block is refused by
        // the seal like anyone else's.
        _writers[runKey] = writer;
        LogClaimed(runKey, writer.Previous);
    }

    /// <summary>Seals the highest segment of a run's log, if there is one; returns its number, or -1.</summary>
    private async Task<int> SealHighestAsync(string runKey)
    {
        var segments = await ListSegmentsAsync(runKey, CancellationToken.None);
        if (segments.Count == 0)
        {
            return -1;
        }

        var highest = segments[^1];
        try
        {
            await containers.Container.GetAppendBlobClient(SegmentName(runKey, highest)).SealAsync();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Deleted meanwhile (the run is being deleted): nothing to fence.
        }
        catch (Exception e) when (BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"claim the log of run {runKey}", e);
        }

        return highest;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string runKey)
    {
        _writers.TryRemove(runKey, out _);
        try
        {
            foreach (var segment in await ListSegmentsAsync(runKey, CancellationToken.None))
            {
                await containers.Container.GetBlobClient(SegmentName(runKey, segment)).DeleteIfExistsAsync();
            }
        }
        catch (Exception e) when (BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"delete the log of run {runKey}", e);
        }
    }

    /// <summary>The segment numbers of a run's log, ascending.</summary>
    internal async Task<List<int>> ListSegmentsAsync(string runKey, CancellationToken cancellationToken)
    {
        var prefix = PrefixOf(runKey);
        var segments = new List<int>();
        try
        {
            await foreach (var item in containers.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                var name = item.Name[prefix.Length..];
                if (name.EndsWith(".log", StringComparison.Ordinal)
                    && int.TryParse(name[..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
                {
                    segments.Add(segment);
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"list the log of run {runKey}", e);
        }

        segments.Sort();
        return segments;
    }

    private async Task FlushLoopAsync(RunLogWriter writer)
    {
        while (true)
        {
            if (writer.Fenced)
            {
                FailPending(writer);
                return;
            }

            List<PendingAppend> batch;
            lock (writer)
            {
                if (writer.Pending.Count == 0)
                {
                    writer.Flushing = false;
                    return;
                }

                batch = writer.Pending;
                writer.Pending = [];
            }

            try
            {
                await FlushAsync(writer, batch);
            }
            catch (Exception e)
            {
                // Whatever failed, nothing in this batch is acknowledged, and the next one starts a fresh segment
                // (the one after this writer's, if nobody has taken the run over meanwhile).
                Exception error;
                if (e is RunLogFencedException || IsFencingRefusal(e))
                {
                    writer.Fenced = true;
                    LogFenced(writer.RunKey, writer.Segment);
                    error = e as RunLogFencedException ?? new RunLogFencedException(writer.RunKey);
                }
                else
                {
                    LogAppendFailed(writer.RunKey, e);
                    error = BlobFailures.IsUnavailable(e)
                        ? BlobFailures.Unavailable($"append to the log of run {writer.RunKey}", e)
                        : new Contracts.Storage.StorageUnavailableException($"The log of run {writer.RunKey} could not be written: {e.Message}", e);
                }

                if (writer.Segment >= 0)
                {
                    writer.Previous = writer.Segment;
                    writer.Segment = -1;
                }

                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(error);
                }

                if (writer.Fenced)
                {
                    FailPending(writer);
                    return;
                }
            }
        }
    }

    private async Task FlushAsync(RunLogWriter writer, List<PendingAppend> batch)
    {
        var total = batch.Sum(p => (long)LogFrame.HeaderSize + p.Payload.Length);
        if (writer.Segment < 0 || writer.Blocks + (total / MaxBlockSize) + 1 > MaxBlocksPerSegment)
        {
            await StartSegmentAsync(writer);
        }

        var client = containers.Container.GetAppendBlobClient(SegmentName(writer.RunKey, writer.Segment));
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(total, MaxBlockSize));
        try
        {
            var used = 0;
            var offset = writer.Length;
            var completed = new List<(PendingAppend Append, long End)>(batch.Count);
            foreach (var pending in batch)
            {
                // Header and payload go through the same chunking, so a record may straddle blocks.
                var header = new byte[LogFrame.HeaderSize];
                LogFrame.WriteHeader(header, pending.Payload.Span);
                foreach (var part in new[] { (ReadOnlyMemory<byte>)header, pending.Payload })
                {
                    var remaining = part;
                    while (!remaining.IsEmpty)
                    {
                        var take = Math.Min(remaining.Length, buffer.Length - used);
                        remaining.Span[..take].CopyTo(buffer.AsSpan(used));
                        used += take;
                        remaining = remaining[take..];
                        if (used == buffer.Length)
                        {
                            await AppendBlockAsync(writer, client, buffer, used);
                            used = 0;
                        }
                    }
                }

                offset += LogFrame.HeaderSize + pending.Payload.Length;
                completed.Add((pending, offset));
            }

            if (used > 0)
            {
                await AppendBlockAsync(writer, client, buffer, used);
            }

            foreach (var (pending, end) in completed)
            {
                pending.Completion.TrySetResult(Position(writer.Segment, end));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task AppendBlockAsync(RunLogWriter writer, AppendBlobClient client, byte[] buffer, int count)
    {
        using var content = new MemoryStream(buffer, 0, count, writable: false);
        var started = Stopwatch.GetTimestamp();
        await client.AppendBlockAsync(content, new AppendBlobAppendBlockOptions
        {
            Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = writer.Length },
        });
        metrics?.BlobAppended(Stopwatch.GetElapsedTime(started));
        writer.Length += count;
        writer.Blocks++;
    }

    /// <summary>
    /// Creates the segment this writer continues in: right after the one it held (after a failure or when that one is
    /// full) or claimed; a writer that has neither claims the log first. Creation is conditional, so of two writers
    /// only one gets a segment; the other has been taken over.
    /// </summary>
    private async Task StartSegmentAsync(RunLogWriter writer)
    {
        if (writer.Segment >= 0)
        {
            // The one it writes is full.
            writer.Previous = writer.Segment;
            writer.Segment = -1;
        }

        if (writer.Previous < 0 && !writer.Claimed)
        {
            // The first append of this process to a run it did not claim (a new run): claim it now.
            writer.Previous = await SealHighestAsync(writer.RunKey);
            writer.Claimed = true;
        }
        else if (writer.Previous >= 0 && !writer.Claimed && await IsSealedAsync(writer.RunKey, writer.Previous))
        {
            // The segment this writer held was sealed by an activation that took the run over.
            throw new RunLogFencedException(writer.RunKey);
        }

        var next = writer.Previous + 1;
        var client = containers.Container.GetAppendBlobClient(SegmentName(writer.RunKey, next));
        try
        {
            await client.CreateAsync(new AppendBlobCreateOptions
            {
                Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All },
            });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Someone created it since this writer claimed or held the one before: a newer owner.
            throw new RunLogFencedException(writer.RunKey);
        }

        writer.Claimed = false;
        writer.Segment = next;
        writer.Length = 0;
        writer.Blocks = 0;
        LogSegmentStarted(writer.RunKey, next);
    }

    /// <summary>The refusals a writer gets once another has sealed its segment (or appended past its position).</summary>
    private static bool IsFencingRefusal(Exception e) =>
        e is RequestFailedException { Status: 409, ErrorCode: "BlobIsSealed" } or RequestFailedException { Status: 412 };

    private async Task<bool> IsSealedAsync(string runKey, int segment)
    {
        try
        {
            var properties = await containers.Container.GetAppendBlobClient(SegmentName(runKey, segment)).GetPropertiesAsync();
            return properties.Value.IsSealed;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return true;
        }
        catch (Exception e) when (BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"check the log of run {runKey}", e);
        }
    }

    private static void FailPending(RunLogWriter writer)
    {
        List<PendingAppend> rest;
        lock (writer)
        {
            rest = writer.Pending;
            writer.Pending = [];
            writer.Flushing = false;
        }

        foreach (var pending in rest)
        {
            pending.Completion.TrySetException(new RunLogFencedException(writer.RunKey));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed the log of run {RunKey} (sealed segment {Segment})")]
    private partial void LogClaimed(string runKey, int segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The log of run {RunKey} was taken over by another activation; this one stops writing it (segment {Segment})")]
    private partial void LogFenced(string runKey, int segment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending to the log of run {RunKey} failed")]
    private partial void LogAppendFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunKey} writes log segment {Segment}")]
    private partial void LogSegmentStarted(string runKey, int segment);

    private sealed class RunLogWriter(string runKey)
    {
        public string RunKey { get; } = runKey;

        // Guarded by lock (this).
        public List<PendingAppend> Pending { get; set; } = [];
        public bool Flushing { get; set; }

        // Set once another writer has taken the run over: every append fails from then on. Read without the lock:
        // a stale read only lets one more append reach the flush loop, which refuses it there.
        public volatile bool Fenced;

        // Owned by the single flush loop running for this writer (or set before it is published).
        public int Segment { get; set; } = -1;

        /// <summary>The segment this writer held before (or sealed when it claimed the log); -1 if none.</summary>
        public int Previous { get; set; } = -1;

        /// <summary>True from a claim until the writer's first segment exists.</summary>
        public bool Claimed { get; set; }
        public long Length { get; set; }
        public int Blocks { get; set; }
    }

    private sealed class PendingAppend(ReadOnlyMemory<byte> payload)
    {
        public ReadOnlyMemory<byte> Payload { get; } = payload;

        // Continuations run on the thread pool, never inline on the flush loop.
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
