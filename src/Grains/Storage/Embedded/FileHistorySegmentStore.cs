using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// <see cref="IHistorySegmentStore"/> on the local disk: <c>{DataDir}/segments/{entity}/{project}/{run}/{name}</c>.
/// A write goes to a temporary file that is renamed over the target, without fsync: everything here is derived
/// from the run log, which is fsynced before any acknowledgement. A process crash (kill -9) loses nothing the
/// page cache holds; after a power loss a torn or missing blob fails its checksum and the run rebuilds its
/// history from the log. Skipping the fsyncs keeps compaction from competing with the log's group commit.
/// </summary>
public sealed class FileHistorySegmentStore(IOptions<StorageOptions> options) : IHistorySegmentStore
{
    private readonly string _root = Path.Combine(Path.GetFullPath(options.Value.DataDir), "segments");

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string runKey, string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(runKey, name);
        try
        {
            return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"History of run {runKey} cannot be read: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string runKey, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(runKey, name);
        var temp = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await file.WriteAsync(content, cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"History of run {runKey} cannot be written: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string runKey, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        foreach (var name in names)
        {
            try
            {
                File.Delete(PathOf(runKey, name));
            }
            catch (DirectoryNotFoundException)
            {
                // Already gone with its folder: deleting what is absent succeeds.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StorageUnavailableException($"History of run {runKey} cannot be cleaned up: {e.Message}", e);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteRunAsync(string runKey, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(runKey);
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"History of run {runKey} cannot be deleted: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> SizeOfRunAsync(string runKey, CancellationToken cancellationToken = default)
    {
        var directory = DirectoryOf(runKey);
        return Task.FromResult(Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0L);
    }

    private string DirectoryOf(string runKey)
    {
        // RunKey.Parse plus the name rules in Contracts keep '/', '\' and ".." out of every part.
        var (entity, project, run) = RunKey.Parse(runKey);
        return Path.Combine(_root, entity, project, run);
    }

    private string PathOf(string runKey, string name)
    {
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) ||
            name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/')))
        {
            throw new ArgumentException($"'{name}' is not a history blob name.", nameof(name));
        }

        return Path.Combine(DirectoryOf(runKey), name);
    }
}
