using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Artifacts;

/// <summary>
/// The URLs handed out for artifact bytes. Embedded profile: the server's own signed <c>/storage/artifacts/…</c> URLs
/// (<see cref="RunFileUrls"/> signs them), granted to the caller for the version's project and checked on every use;
/// their endpoints check each upload's MD5 as it lands. Cluster profile (<see cref="IDirectTransfer"/>): the blob
/// store's own signed URLs, so the bytes never pass through a silo. There a pending version uploads to keys of its own
/// (<see cref="ArtifactObjects.ContentUploadKey"/>), which the commit checks and moves into place, and the PUTs must
/// carry <see cref="UploadHeaders"/>.
/// </summary>
public sealed class ArtifactUrls(RunFileUrls fileUrls, PublicUrls publicUrls, IDirectTransfer? direct = null)
{
    /// <summary>True when clients upload and download straight to and from the blob store.</summary>
    public bool IsDirect => direct is not null;

    /// <summary>The <c>Name:Value</c> headers every upload PUT must carry (<c>x-ms-blob-type:BlockBlob</c> for blobs).</summary>
    public IReadOnlyList<string> UploadHeaders => direct?.UploadHeaders ?? [];

    /// <summary>The object a pending version's upload of the content with this MD5 is written to.</summary>
    public string ContentUploadKey(long artifactId, string md5Hex) =>
        direct is null ? ArtifactObjects.BlobKey(md5Hex) : ArtifactObjects.ContentUploadKey(artifactId, md5Hex);

    /// <summary>The object a pending version's manifest upload is written to.</summary>
    public string ManifestUploadKey(long artifactId, long manifestId) =>
        direct is null ? ArtifactObjects.ManifestKey(manifestId) : ArtifactObjects.ManifestUploadKey(artifactId, manifestId);

    /// <summary>The absolute, self-authorising URL that writes an upload key of a version of <paramref name="version"/>'s project.</summary>
    public string UploadUrl(HttpContext context, string uploadKey, ArtifactVersion version) =>
        direct?.UploadUrl(uploadKey) ?? fileUrls.SignedUrl(context, StorageOperation.Put, uploadKey, (version.Entity, version.Project));

    /// <summary>
    /// The absolute, self-authorising URL that reads a stored object of a version (<c>File.directUrl</c>), granted for
    /// the project the caller reached the version through (its own, or the portfolio's of a link).
    /// </summary>
    public string DownloadUrl(HttpContext context, string objectKey, (string Entity, string Project) grant, string fileName) =>
        direct?.DownloadUrl(objectKey, UserContent.ServedAsOf(fileName))
        ?? fileUrls.SignedUrl(context, StorageOperation.Get, objectKey, grant);

    /// <summary>The blob store's signed URL of a stored object, or null without a direct store (the silo serves it).</summary>
    public string? DirectDownloadUrl(string objectKey, string fileName) => direct?.DownloadUrl(objectKey, UserContent.ServedAsOf(fileName));

    /// <summary>
    /// The URL a client fetches with its API key (<c>File.url</c>). With a direct store it is the authenticated
    /// fallback route <c>/artifacts/{entity}/{md5}</c>, which redirects to a signed store URL: a blob store rejects
    /// a request carrying both a signature and the client's credentials, and a redirect to another host drops them.
    /// </summary>
    public string AuthenticatedDownloadUrl(HttpContext context, string objectKey, (string Entity, string Project) grant, string fileName) =>
        direct is not null && ArtifactObjects.Md5OfBlobKey(objectKey) is { } md5Hex
            ? publicUrls.Absolute(context, $"/artifacts/{Uri.EscapeDataString(grant.Entity)}/{md5Hex}")
            : DownloadUrl(context, objectKey, grant, fileName);
}
