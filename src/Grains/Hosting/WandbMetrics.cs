using System.Diagnostics.Metrics;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Hosting;

/// <summary>
/// The server's own instruments, meter <see cref="MeterName"/>. They are exported at <c>/metrics</c> next to Orleans'
/// meter (activations by grain type, message queues), ASP.NET Core's (request latency by route) and the runtime's
/// (GC, thread pool), so an operator sees ingestion, durability and storage beside them.
/// </summary>
/// <remarks>
/// Names follow OpenTelemetry's conventions; the Prometheus exporter writes <c>wandb.history.rows</c> as
/// <c>wandb_history_rows_total</c> and a duration in seconds as <c>…_seconds</c>. Created through
/// <see cref="IMeterFactory"/>, so each host (and each test host) has its own meter.
/// </remarks>
public sealed class WandbMetrics
{
    /// <summary>The meter every instrument below belongs to.</summary>
    public const string MeterName = "Orleans.Wandb";

    // OpenTelemetry's default buckets (0, 5, 10, 25 … 10,000) suit milliseconds; these durations are in seconds, from
    // a sub-millisecond fsync on an SSD to the 10 s a client waits before it retries.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly InstrumentAdvice<long> Appends = new()
    {
        HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    };

    private readonly Counter<long> _historyRows;
    private readonly Counter<long> _batches;
    private readonly Histogram<double> _appendDuration;
    private readonly Histogram<long> _groupCommitAppends;
    private readonly Histogram<double> _syncDuration;
    private readonly Histogram<double> _blobAppendDuration;

    public WandbMetrics(IMeterFactory meters, IStorageUsage usage)
    {
        var meter = meters.Create(MeterName);
        _historyRows = meter.CreateCounter<long>(
            "wandb.history.rows", "{row}", "History rows acknowledged to file_stream clients (durable when counted).");
        _batches = meter.CreateCounter<long>(
            "wandb.filestream.batches", "{batch}", "file_stream batches acknowledged (durable when counted).");
        _appendDuration = meter.CreateHistogram<double>(
            "wandb.runlog.append.duration", "s", "Time from handing a batch to the run log until it is durable: the wait before a file_stream acknowledgement.", tags: null, advice: Seconds);
        _groupCommitAppends = meter.CreateHistogram<long>(
            "wandb.runlog.group_commit.appends", "{append}", "Appends made durable by one group commit (embedded: one fsync per touched file).", tags: null, advice: Appends);
        _syncDuration = meter.CreateHistogram<double>(
            "wandb.runlog.fsync.duration", "s", "Time one group commit spends in fsync (embedded profile).", tags: null, advice: Seconds);
        _blobAppendDuration = meter.CreateHistogram<double>(
            "wandb.blob.append.duration", "s", "Time of one Append Block request to the blob store (cluster profile).", tags: null, advice: Seconds);

        // Free space is what runs out first on one machine; the cluster's blob store has no disk to report.
        meter.CreateObservableGauge("wandb.storage.disk.free", () => Disk(usage, total: false), "By", "Free bytes on the disk holding DATA_DIR (embedded profile).");
        meter.CreateObservableGauge("wandb.storage.disk.size", () => Disk(usage, total: true), "By", "Size of the disk holding DATA_DIR (embedded profile).");
    }

    /// <summary>A file_stream batch of <paramref name="historyRows"/> history rows became durable and is acknowledged.</summary>
    public void BatchAcknowledged(int historyRows)
    {
        _batches.Add(1);
        if (historyRows > 0)
        {
            _historyRows.Add(historyRows);
        }
    }

    /// <summary>One append to a run log took <paramref name="elapsed"/> until durable.</summary>
    public void LogAppended(TimeSpan elapsed) => _appendDuration.Record(elapsed.TotalSeconds);

    /// <summary>One group commit made <paramref name="appends"/> appends durable, spending <paramref name="syncElapsed"/> in fsync.</summary>
    public void GroupCommitted(int appends, TimeSpan syncElapsed)
    {
        _groupCommitAppends.Record(appends);
        _syncDuration.Record(syncElapsed.TotalSeconds);
    }

    /// <summary>One Append Block request took <paramref name="elapsed"/>.</summary>
    public void BlobAppended(TimeSpan elapsed) => _blobAppendDuration.Record(elapsed.TotalSeconds);

    private static IEnumerable<Measurement<long>> Disk(IStorageUsage usage, bool total)
    {
        (long Free, long Total)? space;
        try
        {
            space = usage.GetDiskSpace();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A scrape must not fail because the disk could not be asked; the gauge is simply absent this time.
            yield break;
        }

        if (space is { } s)
        {
            yield return new Measurement<long>(total ? s.Total : s.Free);
        }
    }
}
