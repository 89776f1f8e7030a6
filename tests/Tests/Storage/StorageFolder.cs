using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Storage;

/// <summary>A data folder of its own for one storage test, with the embedded stores built on it.</summary>
public sealed class StorageFolder : IDisposable
{
    private readonly TempDataDir _dir = new();

    public string Path => _dir.Path;

    public IOptions<StorageOptions> Options => Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDir = Path, MaxOpenLogFiles = 8 });

    public SqliteDatabase NewDatabase() => new(Options, NullLogger<SqliteDatabase>.Instance);

    public FileRunLogStore NewLogStore() => new(Options, NullLogger<FileRunLogStore>.Instance);

    public void Dispose() => _dir.Dispose();
}
