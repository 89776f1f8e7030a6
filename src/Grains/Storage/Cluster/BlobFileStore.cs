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

    /// <summary>How often <see cref="AcceptUploadAsync"/> checks an upload again that changed while it was checked.</summary>
    private const int MaxCheckAttempts = 3;

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
    public async Task<string?> GetVersionAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Container.GetBlobClient(CheckKey(objectKey)).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"read the properties of '{objectKey}'", e);
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
    public string UploadUrl(string objectKey) =>
        Sign(objectKey, BlobSasPermissions.Create | BlobSasPermissions.Write, options.Value.UploadSasLifetime, servedAs: null);

    /// <inheritdoc />
    public string DownloadUrl(string objectKey, ServedAs servedAs) =>
        Sign(objectKey, BlobSasPermissions.Read, options.Value.DownloadSasLifetime, servedAs);

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

    /// <inheritdoc />
    /// <remarks>
    /// The upload's URL stays valid after the check, so its holder could still write to it: the hash, the copy and the
    /// removal each apply only to the blob version that was checked, and a change in between starts the check over.
    /// </remarks>
    public async Task<CheckedUpload?> AcceptUploadAsync(
        string uploadKey, string objectKey, string? expectedMd5Base64, bool replace, CancellationToken cancellationToken)
    {
        var upload = Container.GetBlobClient(CheckKey(uploadKey));
        var target = Container.GetBlobClient(CheckKey(objectKey));
        try
        {
            // The MD5 a blob reports is whatever the uploader declared (x-ms-blob-content-md5 is stored, not checked),
            // and the bytes accepted here become content every project with the same digest shares: they are always
            // hashed here, never taken on the uploader's word.
            for (var attempt = 0; attempt < MaxCheckAttempts; attempt++)
            {
                BlobProperties properties;
                try
                {
                    properties = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return null;
                }

                var hashed = await HashInPlaceAsync(upload, properties.ETag, cancellationToken);
                if (hashed is not { } current)
                {
                    continue;
                }

                var found = new CheckedUpload(properties.ContentLength, Convert.ToBase64String(current.Hash), Accepted: false);
                var sameVersion = new BlobRequestConditions { IfMatch = current.Version };
                if (expectedMd5Base64 is not null && found.Md5Base64 != expectedMd5Base64)
                {
                    await DeleteIfUnchangedAsync(upload, sameVersion, cancellationToken);
                    return found;
                }

                if (await CopyAsync(upload, sameVersion, target, replace, cancellationToken))
                {
                    await DeleteIfUnchangedAsync(upload, sameVersion, cancellationToken);
                    return found with { Accepted = true };
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"check the upload '{uploadKey}'", e);
        }

        throw new StorageUnavailableException($"The upload '{uploadKey}' kept changing while it was being checked; retry when it is complete.");
    }

    /// <summary>
    /// Copies <paramref name="source"/> (only the version <paramref name="sourceVersion"/> allows) to
    /// <paramref name="target"/> inside the store; false when the source changed meanwhile. Without
    /// <paramref name="replace"/> an existing target is kept: content-addressed objects are only written after the same
    /// MD5 check, so one already there holds the same bytes.
    /// </summary>
    private static async Task<bool> CopyAsync(
        BlobClient source, BlobRequestConditions sourceVersion, BlobClient target, bool replace, CancellationToken cancellationToken)
    {
        try
        {
            var copy = await target.StartCopyFromUriAsync(
                source.Uri,
                new BlobCopyFromUriOptions
                {
                    SourceConditions = sourceVersion,
                    DestinationConditions = replace ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return !replace && await target.ExistsAsync(cancellationToken);
        }
    }

    private static async Task DeleteIfUnchangedAsync(BlobClient blob, BlobRequestConditions version, CancellationToken cancellationToken)
    {
        try
        {
            await blob.DeleteIfExistsAsync(conditions: version, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Written again meanwhile: the new bytes are checked when they are next accepted.
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject?> CheckAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            var blob = Container.GetBlobClient(CheckKey(objectKey));
            for (var attempt = 0; attempt < MaxCheckAttempts; attempt++)
            {
                BlobProperties properties;
                try
                {
                    properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return null;
                }

                if (await HashInPlaceAsync(blob, properties.ETag, cancellationToken) is { } hashed)
                {
                    return new StoredObject(objectKey, properties.ContentLength, Convert.ToBase64String(hashed.Hash));
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"check '{objectKey}'", e);
        }

        throw new StorageUnavailableException($"'{objectKey}' kept changing while it was being checked; retry when the upload is complete.");
    }

    /// <summary>
    /// Blobs committed from blocks (large uploads through the Azure SDK) carry no Content-MD5; the listing computes
    /// it once and stores it on the blob so later listings are cheap.
    /// </summary>
    private async Task<string> ComputeMd5Async(string name, CancellationToken cancellationToken)
    {
        try
        {
            // Deleted or replaced meanwhile: the next listing sees the new blob.
            return await HashInPlaceAsync(Container.GetBlobClient(name), null, cancellationToken) is { } hashed ? Convert.ToBase64String(hashed.Hash) : "";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && BlobFailures.IsUnavailable(e))
        {
            throw BlobFailures.Unavailable($"hash '{name}'", e);
        }
    }

    /// <summary>
    /// Computes the MD5 of a blob the store has none for by reading it (the bytes pass through and are not kept) and
    /// records it as the blob's Content-MD5. Only the version <paramref name="version"/> is read when one is given.
    /// Returns the hash and the blob's version after the update, or null when it was replaced or removed meanwhile.
    /// </summary>
    private static async Task<(byte[] Hash, ETag Version)?> HashInPlaceAsync(BlobClient blob, ETag? version, CancellationToken cancellationToken)
    {
        try
        {
            var options = new BlobDownloadOptions { Conditions = version is { } expected ? new BlobRequestConditions { IfMatch = expected } : null };
            var download = await blob.DownloadStreamingAsync(options, cancellationToken);
            var details = download.Value.Details;
            byte[] hash;
            await using (var stream = download.Value.Content)
            {
                hash = await MD5.HashDataAsync(stream, cancellationToken);
            }

            var updated = await blob.SetHttpHeadersAsync(
                new BlobHttpHeaders { ContentHash = hash, ContentType = details.ContentType },
                new BlobRequestConditions { IfMatch = details.ETag },
                cancellationToken);
            return (hash, updated.Value.ETag);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public string PublicOrigin => Public(Container.Uri).GetLeftPart(UriPartial.Authority);

    private string Sign(string objectKey, BlobSasPermissions permissions, TimeSpan lifetime, ServedAs? servedAs)
    {
        var blob = Container.GetBlobClient(CheckKey(objectKey));

        // A little slack before "now" so a silo whose clock runs slightly ahead of the store's still hands out valid URLs.
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(permissions, now + lifetime)
        {
            BlobContainerName = Container.Name,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - TimeSpan.FromMinutes(5),

            // The store answers with these instead of what the uploader declared (rsct/rscd): user files are never rendered as pages.
            ContentType = servedAs?.ContentType,
            ContentDisposition = servedAs?.AttachmentName is { } name
                ? new System.Net.Mime.ContentDisposition { DispositionType = "attachment", FileName = name }.ToString()
                : null,
        };
        return Public(blob.GenerateSasUri(sas)).AbsoluteUri;
    }

    /// <summary>The URL as clients reach it: on the public blob endpoint when one is configured.</summary>
    private Uri Public(Uri uri) =>
        options.Value.PublicBlobEndpoint is { Length: > 0 } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var external)
            ? new UriBuilder(uri) { Scheme = external.Scheme, Host = external.Host, Port = external.Port }.Uri
            : uri;

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
