using Azure.Storage.Blobs.Models;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Storage usage of the cluster profile: the run-log blobs under <c>logs/{entity}/{project}/</c> count for that
/// project. There is no local disk: the blob store has no "free space" to report.
/// </summary>
public sealed class BlobStorageUsage(BlobContainerFactory containers) : IStorageUsage
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<(string Entity, string Project), long>> GetHistoryBytesAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(string, string), long>();
        try
        {
            await foreach (var blob in containers.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = "logs/" }, cancellationToken))
            {
                var parts = blob.Name.Split('/');
                if (parts.Length >= 4)
                {
                    var key = (parts[1], parts[2]);
                    totals[key] = totals.GetValueOrDefault(key) + (blob.Properties.ContentLength ?? 0);
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable("measure history usage", e);
        }

        return totals;
    }

    /// <inheritdoc />
    public (long Free, long Total)? GetDiskSpace() => null;
}
