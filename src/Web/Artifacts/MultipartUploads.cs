using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Artifacts;

/// <summary>
/// Completes a multipart artifact upload (docs/protocol/artifacts.md#createartifactfiles): the parts PUT to <see cref="ArtifactObjects.PartKey"/> are
/// joined in order into the content-addressed object, streamed part after part, and registered like a single-PUT upload.
/// The server takes whatever part sizes the client chose.
/// </summary>
public static class MultipartUploads
{
    /// <summary>At most this many parts, as S3 and the clients allow.</summary>
    public const int MaxParts = 10_000;

    /// <summary>Why a client's part list cannot be uploaded (numbers 1…N, each once, at most <see cref="MaxParts"/>), or null.</summary>
    public static string? CheckPlan(IReadOnlyList<UploadPart> parts)
    {
        if (parts.Count > MaxParts)
        {
            return $"A multipart upload has at most {MaxParts} parts, not {parts.Count}.";
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].PartNumber != i + 1)
            {
                return $"Part {i + 1} is missing: parts must be numbered 1 to {parts.Count}, each listed once, in order.";
            }
        }

        return null;
    }

    /// <summary>
    /// Joins the completed parts into the content with MD5 <paramref name="md5Hex"/> and lets the version's project use
    /// it; returns why it cannot, or null. Content stored already (by a retried complete, or by another project) is kept,
    /// and granted to this project only when the joined parts prove to be it. A retried complete whose parts are gone
    /// answers null too: the commit checks that the project's uploads proved every content it lists.
    /// </summary>
    public static async Task<string?> CompleteAsync(
        IFileStore store, IArtifactRegistryGrain registry, ArtifactVersion version, string md5Hex, string uploadId,
        IReadOnlyList<UploadPart> completedParts, CancellationToken cancellationToken)
    {
        if (CheckPlan(completedParts) is { } problem)
        {
            return problem;
        }

        if (ArtifactObjects.UploadId(md5Hex, completedParts) != uploadId)
        {
            return $"The {completedParts.Count} completed parts are not the parts upload {uploadId} was created with: "
                   + "list every part with the ETag its PUT answered.";
        }

        var alreadyStored = await registry.IsStoredAsync(md5Hex);
        var keys = completedParts.Select(part => ArtifactObjects.PartKey(uploadId, part)).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            await using var part = await store.OpenReadAsync(keys[i], cancellationToken);
            if (part is null)
            {
                return alreadyStored ? null : $"Part {completedParts[i].PartNumber} of upload {uploadId} has not been uploaded.";
            }
        }

        StoredObject stored;
        var blobKey = ArtifactObjects.BlobKey(md5Hex);
        await using (var joined = new PartsStream(store, keys))
        {
            stored = alreadyStored ? await HashedAsync(blobKey, joined, cancellationToken) : await store.WriteAsync(blobKey, joined, cancellationToken);
        }

        if (ArtifactObjects.Md5HexOfBase64(stored.Md5Base64) != md5Hex)
        {
            if (!alreadyStored)
            {
                await store.DeleteAsync(blobKey, CancellationToken.None);
            }

            return $"The joined parts have the MD5 {ArtifactObjects.Md5HexOfBase64(stored.Md5Base64)}, not the file's {md5Hex}.";
        }

        await registry.RegisterBlobAsync(md5Hex, stored.SizeBytes, version.Entity, version.Project);
        await store.DeletePrefixAsync(ArtifactObjects.PartsPrefix(uploadId), cancellationToken);
        return null;
    }

    private static async Task<StoredObject> HashedAsync(string objectKey, Stream joined, CancellationToken cancellationToken)
    {
        var (md5Hex, sizeBytes) = await ContentDigest.Md5Async(joined, cancellationToken);
        return new StoredObject(objectKey, sizeBytes, Convert.ToBase64String(Convert.FromHexString(md5Hex)));
    }
}
