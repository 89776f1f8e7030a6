using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Tests.Storage;

/// <summary>A data folder of its own for one test, deleted afterwards.</summary>
public sealed class TempDataDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wandb-storage-tests-" + Guid.NewGuid().ToString("N"));

    public IOptions<StorageOptions> Options => Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDir = Path, MaxOpenLogFiles = 8 });

    public SqliteDatabase NewDatabase() => new(Options, NullLogger<SqliteDatabase>.Instance);

    public FileRunLogStore NewLogStore() => new(Options, NullLogger<FileRunLogStore>.Instance);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
