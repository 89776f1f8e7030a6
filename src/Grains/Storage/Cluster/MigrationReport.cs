namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>What <see cref="EmbeddedMigration"/> copied and verified; <see cref="Problems"/> empty means success.</summary>
public sealed record MigrationReport(
    IReadOnlyDictionary<string, long> Rows,
    int RunLogs,
    int HistoryRuns,
    int HistoryBlobs,
    int Files,
    long Bytes,
    IReadOnlyList<string> Problems);
