namespace Orleans.Wandb.Grains.History;

/// <summary>How run history is compacted into segments and how much of it is cached.</summary>
public sealed class HistoryOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "History";

    /// <summary>
    /// Rows per segment (a power of two, at least 64). Bigger segments mean fewer blobs; the open segment of an
    /// active run is held in memory, so this bounds a streaming run's memory too (~9 bytes per numeric cell).
    /// </summary>
    public int SegmentRows { get; set; } = 1024;

    /// <summary>How often an active run compacts newly acknowledged rows into segments (off the request path).</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The last, still filling segment of a run is written once the run has sent no rows for this long (or has
    /// finished, or deactivates); full segments are written at the next compaction tick. Until then the run log
    /// holds those rows and an activation replays them, so nothing acknowledged depends on this.
    /// </summary>
    public TimeSpan OpenSegmentWriteDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of decoded segments and summaries kept across all runs (least recently used ones go first).</summary>
    public long CacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>After this long without new rows a run's open segment leaves memory (it is read back if needed).</summary>
    public TimeSpan IdleRelease { get; set; } = TimeSpan.FromSeconds(30);
}
