using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// Storage usage of the embedded profile: every file under <c>{DataDir}/history/{entity}/{project}/</c> counts for
/// that project (whatever the history format keeps there), and free space is that of the data folder's drive.
/// </summary>
public sealed class EmbeddedStorageUsage(IOptions<StorageOptions> options) : IStorageUsage
{
    private readonly string _dataDir = Path.GetFullPath(options.Value.DataDir);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<(string Entity, string Project), long>> GetHistoryBytesAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(string, string), long>();
        var root = new DirectoryInfo(Path.Combine(_dataDir, "history"));
        if (root.Exists)
        {
            foreach (var entity in root.EnumerateDirectories())
            {
                foreach (var project in entity.EnumerateDirectories())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    totals[(entity.Name, project.Name)] = project
                        .EnumerateFiles("*", SearchOption.AllDirectories)
                        .Sum(file => SizeOf(file));
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<(string, string), long>>(totals);
    }

    /// <inheritdoc />
    public (long Free, long Total)? GetDiskSpace()
    {
        Directory.CreateDirectory(_dataDir);
        var drive = new DriveInfo(_dataDir);
        return (drive.AvailableFreeSpace, drive.TotalSize);
    }

    private static long SizeOf(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            // Compaction may remove a file between listing and reading it.
            return 0;
        }
    }
}
