namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>Where the embedded profile keeps its data (database, run logs, files).</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Root of all embedded data: <c>db/</c> (SQLite), <c>history/</c> (run logs), <c>files/</c> (uploads).
    /// W&amp;B Local users mount a volume at <c>/vol</c>; the default keeps a development run next to the binary.
    /// </summary>
    public string DataDir { get; set; } = "./vol";

    /// <summary>How many run-log files the log store keeps open at once (least recently used ones are closed).</summary>
    public int MaxOpenLogFiles { get; set; } = 512;

    /// <summary>
    /// How many run-log files a group commit fsyncs at once. The file system joins concurrent fsyncs into one
    /// journal commit, so a batch touching 100 runs costs about as much as a few sequential fsyncs.
    /// </summary>
    public int LogSyncParallelism { get; set; } = 16;
}
