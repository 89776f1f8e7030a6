using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Admin;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Admin;

/// <summary>
/// Adds up storage per project from the metadata store (run files) and the storage profile (history), and asks
/// the profile for free disk space. Computed on request: the admin page is rare, the numbers must be current.
/// </summary>
[StatelessWorker(1)]
internal sealed class StorageReportGrain(IAccountStore store, IStorageUsage usage) : Grain, IStorageReportGrain
{
    /// <inheritdoc />
    public async Task<StorageReport> GetReportAsync()
    {
        var files = await store.ListProjectFileUsageAsync();
        var history = await usage.GetHistoryBytesAsync(CancellationToken.None);
        var projects = files
            .Select(p => new ProjectStorage(p.Entity, p.Project, p.RunCount, p.FileBytes, history.GetValueOrDefault((p.Entity, p.Project))))
            .ToList();
        var disk = usage.GetDiskSpace();
        return new StorageReport(projects, disk?.Free, disk?.Total);
    }
}
