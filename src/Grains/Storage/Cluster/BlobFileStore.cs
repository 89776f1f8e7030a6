using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// <see cref="IFileStore"/> on the cluster's blob container: one block blob per object, named by its object key.
/// Clients upload and download through SAS URLs (<see cref="IDirectTransfer"/>), so the silos only write objects
/// themselves when migrating data or when a client still holds a server-signed URL.
/// </summary>
public sealed class BlobFileStore(BlobContainerFactory containers, IOptions<ClusterStorageOptions> options, TimeProvider time)
    : IFileStore, IDirectTransfer
{
    private static readonly IReadOnlyList<string> BlockBlobHeaders = ["x-ms-blob-type:BlockBlob"];

    private BlobContainerClient Container => containers.Container;

    /// <inheritdoc />
    /// <remarks>
    /// A plain PUT to an Azure SAS URL needs <c>x-ms-blob-type: BlockBlob</c> (Azure answers 400 without it), and
    /// the W&amp;B clients send the headers listed here. With that header, a Python client that has the Azure SDK
    /// installed uploads through the SDK instead of a plain PUT, which also works against a SAS URL.
    /// </remarks>
    public IReadOnlyList<string> UploadHeaders => BlockBlobHeaders;

    /// <inheritdoc />
    public async Task<StoredObject> WriteAsync(string objectKey, Stream content, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(CheckKey(objectKey));
        try
        {
            // The MD5 is computed while the bytes stream through and stored as the blob's Content-MD5, which is what
            // listings report (the service only computes it itself for single-request uploads).
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using var hashing = new HashingReadStream(content, md5);
            await blob.UploadAsync(hashing, new BlobUploadOptions(), cancellationToken);
            var hash = md5.GetHashAndReset();
            await blob.SetHttpHeadersAsync(new BlobHttpHeaders { ContentHash = hash, ContentType = "application/octet-stream" }, cancellationToken: cancellationToken);
            return new StoredObject(objectKey, hashing.BytesRead, Convert.ToBase64String(hash));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"write '{objectKey}'", e);
        }
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Container.GetBlobClient(CheckKey(objectKey)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"read '{objectKey}'", e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            return await Container.GetBlobClient(CheckKey(objectKey)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"delete '{objectKey}'", e);
        }
    }

    /// <inheritdoc />
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                await Container.GetBlobClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"delete '{prefix}*'", e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Container.ExistsAsync(cancellationToken);
        }
        catch (Exception e) when (BlobFailures.IsUnavailable(e))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public string UploadUrl(string objectKey) => Sign(objectKey, BlobSasPermissions.Create | BlobSasPermissions.Write);

    /// <inheritdoc />
    public string DownloadUrl(string objectKey) => Sign(objectKey, BlobSasPermissions.Read);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages();
        var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }

                    page = enumerator.Current;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
                {
                    throw BlobFailures.Unavailable($"list '{prefix}'", e);
                }

                foreach (var item in page.Values)
                {
                    var md5 = item.Properties.ContentHash is { Length: > 0 } hash
                        ? Convert.ToBase64String(hash)
                        : await ComputeMd5Async(item.Name, cancellationToken);
                    yield return new StoredObject(item.Name, item.Properties.ContentLength ?? 0, md5);
                }
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>
    /// Blobs committed from blocks (large uploads through the Azure SDK) carry no Content-MD5; the listing computes
    /// it once and stores it on the blob so later listings are cheap.
    /// </summary>
    private async Task<string> ComputeMd5Async(string name, CancellationToken cancellationToken)
    {
        try
        {
            var blob = Container.GetBlobClient(name);
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            var properties = download.Value.Details;
            byte[] hash;
            await using (var stream = download.Value.Content)
            {
                hash = await MD5.HashDataAsync(stream, cancellationToken);
            }

            await blob.SetHttpHeadersAsync(
                new BlobHttpHeaders { ContentHash = hash, ContentType = properties.ContentType },
                new BlobRequestConditions { IfMatch = properties.ETag },
                cancellationToken);
            return Convert.ToBase64String(hash);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Deleted or replaced meanwhile: the next listing sees the new blob.
            return "";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"hash '{name}'", e);
        }
    }

    private string Sign(string objectKey, BlobSasPermissions permissions)
    {
        var blob = Container.GetBlobClient(CheckKey(objectKey));

        // A little slack before "now" so a silo whose clock runs slightly ahead of the store's still hands out valid URLs.
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(permissions, now + options.Value.SasLifetime)
        {
            BlobContainerName = Container.Name,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - TimeSpan.FromMinutes(5),
        };
        var uri = blob.GenerateSasUri(sas);
        if (options.Value.PublicBlobEndpoint is { Length: > 0 } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var external))
        {
            uri = new UriBuilder(uri) { Scheme = external.Scheme, Host = external.Host, Port = external.Port }.Uri;
        }

        return uri.AbsoluteUri;
    }

    private static string CheckKey(string objectKey)
    {
        if (string.IsNullOrEmpty(objectKey) || objectKey.StartsWith('/') || objectKey.Contains('\\') || objectKey.Contains('\0')
            || objectKey.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"Invalid object key '{objectKey}'.", nameof(objectKey));
        }

        return objectKey;
    }
}
