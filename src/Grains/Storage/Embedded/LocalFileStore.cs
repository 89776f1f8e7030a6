using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// <see cref="IFileStore"/> on the local disk under <c>{DataDir}/files/</c>, laid out by <see cref="LocalFileLayout"/>
/// (so <c>a</c> and <c>a/b</c> can both be stored, as on object stores; files of the earlier layout stay readable and are
/// replaced on their next write). A write goes to a temporary file (hashing as it streams) and is renamed over the target
/// only when complete, so readers never see half a file.
/// </summary>
public sealed class LocalFileStore(IOptions<StorageOptions> options) : IFileStore
{
    private readonly string _root = Path.Combine(Path.GetFullPath(options.Value.DataDir), "files");

    /// <inheritdoc />
    public async Task<StoredObject> WriteAsync(string objectKey, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(objectKey);
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long size = 0;
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                // The rename must not publish bytes that a crash could still lose.
                target.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);

            // The earlier layout's copy is now stale; reads prefer the new one, so removing it only frees space.
            TryDelete(LegacyPathOf(objectKey));
            return new StoredObject(objectKey, size, Convert.ToBase64String(md5.GetHashAndReset()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StorageUnavailableException($"The file store could not write '{objectKey}': {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string objectKey, CancellationToken cancellationToken)
    {
        var path = PathOf(objectKey);
        try
        {
            return Task.FromResult(Open(path) ?? Open(LegacyPathOf(objectKey)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The file store could not read '{objectKey}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task<string?> GetVersionAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var path in new[] { PathOf(objectKey), LegacyPathOf(objectKey) })
            {
                var file = new FileInfo(path);
                if (file.Exists)
                {
                    // Writes replace the file by a rename, so a new version is a new size or a new modification time.
                    return Task.FromResult<string?>(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.Length}-{file.LastWriteTimeUtc.Ticks}"));
                }
            }

            return Task.FromResult<string?>(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The file store could not read '{objectKey}': {e.Message}", e);
        }
    }

    /// <summary>The file, or null when there is none (a folder of that name is not a file either).</summary>
    private static Stream? Open(string path)
    {
        try
        {
            return File.Exists(path)
                ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true)
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = false;
            foreach (var path in new[] { PathOf(objectKey), LegacyPathOf(objectKey) })
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                    deleted = true;
                }
            }

            return Task.FromResult(deleted);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The file store could not delete '{objectKey}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_root);
            return Task.FromResult(Directory.Exists(_root));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    /// <inheritdoc />
    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        // Prefixes name folders here ("runs/e/p/r/"): the folder goes (in both layouts), and with it every object under it.
        var segments = Segments(prefix.TrimEnd('/'));
        try
        {
            foreach (var directory in new[] { Under(LocalFileLayout.CurrentFolder(segments)), Under(LocalFileLayout.Legacy(segments)) })
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The file store could not delete '{prefix}': {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    /// <summary>The file behind an object key; rejects keys that could escape the store's folder.</summary>
    internal string PathOf(string objectKey) => Under(LocalFileLayout.Current(Segments(objectKey)));

    /// <summary>Where the layout before <see cref="LocalFileLayout"/> kept the object.</summary>
    private string LegacyPathOf(string objectKey) => Under(LocalFileLayout.Legacy(Segments(objectKey)));

    private static string[] Segments(string objectKey)
    {
        if (string.IsNullOrEmpty(objectKey) || objectKey.StartsWith('/') || objectKey.Contains('\\')
            || Path.IsPathRooted(objectKey) || objectKey.Contains('\0'))
        {
            throw new ArgumentException($"Invalid object key '{objectKey}'.", nameof(objectKey));
        }

        var segments = objectKey.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..")
            {
                throw new ArgumentException($"Invalid object key '{objectKey}'.", nameof(objectKey));
            }
        }

        return segments;
    }

    private string Under(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(_root, relativePath));

        // Belt and braces: whatever the segments looked like, the result must stay under the root.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid object key '{relativePath}'.");
        }

        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless; the next write uses a new name.
        }
    }
}
