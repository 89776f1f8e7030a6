using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// Registers the artifact bytes clients upload. Through the server's own endpoints (embedded profile) every upload is
/// checked as it lands and a manifest is registered with <see cref="RegisterManifestAsync"/>. Straight to the blob
/// store (cluster profile, <see cref="IDirectTransfer"/>) no silo sees an upload land, so <see cref="CollectAsync"/>
/// checks a pending version's uploads inside the store when it is committed: a content whose bytes have the MD5 its
/// key names moves to its content-addressed key (stored once, whoever uploaded it) and is registered; the manifest is
/// checked against its announced digest, moved and parsed. Bytes that do not match are removed and refused.
/// </summary>
internal sealed partial class ArtifactUploads(
    IArtifactStore store,
    IFileStore files,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock,
    ILogger<ArtifactUploads> logger,
    IDirectTransfer? direct = null)
{
    /// <summary>Registers a manifest whose bytes were stored at its key with this MD5 and size: checks the announced digest and parses it.</summary>
    public async Task<ArtifactManifestInfo> RegisterManifestAsync(long manifestId, string md5Base64, long sizeBytes)
    {
        var manifest = await store.GetManifestAsync(manifestId)
                       ?? throw new ArgumentException($"Manifest {manifestId} does not exist.");
        if (AnnouncedDigest(manifest) is { } expected && !string.Equals(expected, md5Base64, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The manifest's MD5 is {md5Base64}, but {expected} was announced.");
        }

        await SaveManifestFilesAsync(manifestId, sizeBytes);
        return (await store.GetManifestAsync(manifestId))!;
    }

    /// <summary>
    /// Checks and registers what clients uploaded straight to the store for a pending version (nothing to do without a
    /// direct store); true when there was something. Throws <see cref="UploadMismatchException"/> for bytes that do
    /// not have their announced MD5.
    /// </summary>
    public async Task<bool> CollectAsync(long artifactId)
    {
        if (direct is null)
        {
            return false;
        }

        var uploads = new List<string>();
        await foreach (var upload in direct.ListAsync(ArtifactObjects.UploadsPrefix(artifactId), CancellationToken.None))
        {
            uploads.Add(upload.ObjectKey);
        }

        // Contents first: the parsed manifest's file list is then checked against registered contents.
        var version = await store.GetVersionAsync(artifactId) ?? throw new ArgumentException($"Artifact {artifactId} does not exist.");
        foreach (var key in uploads)
        {
            if (ArtifactObjects.Md5OfContentUploadKey(artifactId, key) is { } md5Hex)
            {
                await AcceptContentAsync(version, key, md5Hex);
            }
        }

        foreach (var key in uploads)
        {
            if (ArtifactObjects.ManifestIdOfUploadKey(artifactId, key) is { } manifestId)
            {
                await AcceptManifestAsync(artifactId, key, manifestId);
            }
        }

        return uploads.Count > 0;
    }

    /// <summary>Removes whatever is left of a version's direct uploads (once committed or deleted).</summary>
    public async Task ForgetAsync(long artifactId)
    {
        if (direct is not null)
        {
            await files.DeletePrefixAsync(ArtifactObjects.UploadsPrefix(artifactId), CancellationToken.None);
        }
    }

    /// <summary>
    /// Checks an upload's bytes against its MD5 and, when they match, lets the version's project use the content: stored
    /// once by digest (an object already there is kept) whoever uploaded it first, and only ever granted to a project
    /// whose upload proved it has the bytes.
    /// </summary>
    private async Task AcceptContentAsync(ArtifactVersion version, string uploadKey, string md5Hex)
    {
        var artifactId = version.Id;
        var expected = Convert.ToBase64String(Convert.FromHexString(md5Hex));
        var found = await direct!.AcceptUploadAsync(uploadKey, ArtifactObjects.BlobKey(md5Hex), expected, replace: false, CancellationToken.None);
        if (found is null)
        {
            return;
        }

        if (!found.Accepted)
        {
            LogMismatch(logger, artifactId, uploadKey, expected, found.Md5Base64);
            throw new UploadMismatchException(
                $"The bytes uploaded to artifact {artifactId} for the file with MD5 {expected} have the MD5 {found.Md5Base64}; "
                + "they were discarded, upload the file again.");
        }

        await store.RegisterContentAsync(md5Hex, found.SizeBytes, clock.GetUtcNow());
        await store.ProveContentAsync(version.Entity, version.Project, md5Hex);
    }

    private async Task AcceptManifestAsync(long artifactId, string uploadKey, long manifestId)
    {
        var manifest = await store.GetManifestAsync(manifestId);
        if (manifest is null || manifest.ArtifactId != artifactId)
        {
            await files.DeleteAsync(uploadKey, CancellationToken.None);
            return;
        }

        var expected = AnnouncedDigest(manifest);
        var found = await direct!.AcceptUploadAsync(uploadKey, ArtifactObjects.ManifestKey(manifestId), expected, replace: true, CancellationToken.None);
        if (found is null)
        {
            return;
        }

        if (!found.Accepted)
        {
            LogMismatch(logger, artifactId, uploadKey, expected!, found.Md5Base64);
            throw new UploadMismatchException(
                $"The manifest uploaded to artifact {artifactId} has the MD5 {found.Md5Base64}, but {expected} was announced; "
                + "it was discarded, upload it again.");
        }

        await SaveManifestFilesAsync(manifestId, found.SizeBytes);
    }

    private async Task SaveManifestFilesAsync(long manifestId, long sizeBytes)
    {
        await using var stream = await files.OpenReadAsync(ArtifactObjects.ManifestKey(manifestId), CancellationToken.None)
                                 ?? throw new ArgumentException($"Manifest {manifestId} has not been uploaded.");
        var entries = await ManifestParser.ParseAsync(stream, CancellationToken.None);
        await store.SaveManifestFilesAsync(manifestId, sizeBytes, entries, clock.GetUtcNow());
    }

    /// <summary>The digest the client announced for the manifest (the first call announces none).</summary>
    private static string? AnnouncedDigest(ArtifactManifestInfo manifest) => manifest.Digest is { Length: > 0 } digest ? digest : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Artifact {ArtifactId}: refused the upload {UploadKey}, MD5 {Actual} instead of {Expected}")]
    private static partial void LogMismatch(ILogger logger, long artifactId, string uploadKey, string expected, string actual);
}
