using Azure;
using Azure.Storage.Blobs.Models;
using Orleans.Wandb.Contracts.Keys;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// <see cref="IHistorySegmentStore"/> on block blobs: <c>segments/{entity}/{project}/{run}/{name}</c>. A single Put
/// Blob replaces a blob atomically (readers see the old or the new one), which is all this store needs: the run log
/// stays the durable record and everything here can be rebuilt from it.
/// </summary>
public sealed class BlobHistorySegmentStore(BlobContainerFactory containers) : IHistorySegmentStore
{
    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string runKey, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await containers.Container.GetBlobClient(NameOf(runKey, name)).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"read segment {name} of run {runKey}", e);
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string runKey, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        try
        {
            await containers.Container.GetBlobClient(NameOf(runKey, name))
                .UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"write segment {name} of run {runKey}", e);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string runKey, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var name in names)
            {
                await containers.Container.GetBlobClient(NameOf(runKey, name)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"delete segments of run {runKey}", e);
        }
    }

    /// <inheritdoc />
    public async Task DeleteRunAsync(string runKey, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var blob in ListAsync(runKey, cancellationToken))
        {
            names.Add(blob.Name[PrefixOf(runKey).Length..]);
        }

        await DeleteAsync(runKey, names, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> SizeOfRunAsync(string runKey, CancellationToken cancellationToken = default)
    {
        long total = 0;
        await foreach (var blob in ListAsync(runKey, cancellationToken))
        {
            total += blob.Properties.ContentLength ?? 0;
        }

        return total;
    }

    private async IAsyncEnumerable<BlobItem> ListAsync(string runKey, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = containers.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = PrefixOf(runKey) }, cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
            {
                throw BlobFailures.Unavailable($"list segments of run {runKey}", e);
            }

            foreach (var item in enumerator.Current.Values)
            {
                yield return item;
            }
        }
    }

    private static string PrefixOf(string runKey)
    {
        var (entity, project, run) = RunKey.Parse(runKey);
        return $"segments/{entity}/{project}/{run}/";
    }

    private static string NameOf(string runKey, string name)
    {
        if (name.Length == 0 || name.Split('/').Any(part => part is "" or "." or "..") || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/')))
        {
            throw new ArgumentException($"Invalid segment name '{name}'.", nameof(name));
        }

        return PrefixOf(runKey) + name;
    }
}
