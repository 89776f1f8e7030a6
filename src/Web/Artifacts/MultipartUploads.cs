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
    /// Joins the completed parts into the content with MD5 <paramref name="md5Hex"/>; returns why it cannot, or null when the
    /// content is stored and registered. Content already stored (a retried complete) needs nothing more.
    /// </summary>
    public static async Task<string?> CompleteAsync(
        IFileStore store, IArtifactRegistryGrain registry, string md5Hex, string uploadId, IReadOnlyList<UploadPart> completedParts,
        CancellationToken cancellationToken)
    {
        if (await registry.IsStoredAsync(md5Hex))
        {
            await store.DeletePrefixAsync(ArtifactObjects.PartsPrefix(uploadId), cancellationToken);
            return null;
        }

        if (CheckPlan(completedParts) is { } problem)
        {
            return problem;
        }

        if (ArtifactObjects.UploadId(md5Hex, completedParts) != uploadId)
        {
            return $"The {completedParts.Count} completed parts are not the parts upload {uploadId} was created with: "
                   + "list every part with the ETag its PUT answered.";
        }

        var keys = completedParts.Select(part => ArtifactObjects.PartKey(uploadId, part)).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            await using var part = await store.OpenReadAsync(keys[i], cancellationToken);
            if (part is null)
            {
                return $"Part {completedParts[i].PartNumber} of upload {uploadId} has not been uploaded.";
            }
        }

        var blobKey = ArtifactObjects.BlobKey(md5Hex);
        StoredObject stored;
        await using (var joined = new PartsStream(store, keys))
        {
            stored = await store.WriteAsync(blobKey, joined, cancellationToken);
        }

        if (ArtifactObjects.Md5HexOfBase64(stored.Md5Base64) != md5Hex)
        {
            await store.DeleteAsync(blobKey, CancellationToken.None);
            return $"The joined parts have the MD5 {ArtifactObjects.Md5HexOfBase64(stored.Md5Base64)}, not the file's {md5Hex}.";
        }

        await registry.RegisterBlobAsync(md5Hex, stored.SizeBytes);
        await store.DeletePrefixAsync(ArtifactObjects.PartsPrefix(uploadId), cancellationToken);
        return null;
    }
}
