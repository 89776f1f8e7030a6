namespace Orleans.Wandb.Grains.Storage;

/// <summary>What the storage profile's history and disk take: the bytes of each project's stored history, and
/// the space left where the data lives.</summary>
public interface IStorageUsage
{
    /// <summary>History bytes (run logs and anything derived from them) per (entity, project).</summary>
    Task<IReadOnlyDictionary<(string Entity, string Project), long>> GetHistoryBytesAsync(CancellationToken cancellationToken);

    /// <summary>Free and total bytes of the disk holding the data, or null where there is no local disk.</summary>
    (long Free, long Total)? GetDiskSpace();
}
