using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Artifacts;

/// <summary>
/// Artifact bytes over HTTP. <c>PUT|GET /storage/artifacts/…</c> are the signed upload and download URLs that
/// <c>createArtifactFiles</c>, <c>createArtifactManifest</c> and <c>directUrl</c> hand out (same scheme as run files:
/// the URL authorises itself); the literal <c>artifacts</c> segment makes these routes win over the run-file storage
/// route. <c>/artifactsV2/…</c> and <c>/artifacts/{entity}/{md5}</c> are the clients' fallback downloads with an API
/// key. Bodies are streamed to and from the file store, never buffered; downloads honour <c>Range</c>. The parts of a
/// multipart upload are PUT to the same route (<see cref="MultipartUploads"/> joins them). With a blob store the
/// clients reach directly (cluster profile) the server hands out the store's URLs instead (<see cref="ArtifactUrls"/>),
/// and the download routes only authorise and redirect to them, so artifact bytes never pass through a silo.
/// </summary>
public static partial class ArtifactStorageEndpoints
{
    public static IEndpointRouteBuilder MapArtifactStorage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/storage/artifacts/{**path}", PutAsync).WithName("ArtifactStoragePut").DisableAntiforgery().WithSignedUrlCors();
        endpoints.MapGet("/storage/artifacts/{**path}", GetAsync).WithName("ArtifactStorageGet").WithSignedUrlCors();
        endpoints.MapGet("/artifactsV2/{**path}", GetFallbackV2Async).WithName("ArtifactFallbackDownloadV2");
        endpoints.MapGet("/artifacts/{entity}/{md5Hex}", GetFallbackV1Async).WithName("ArtifactFallbackDownloadV1");
        return endpoints;
    }

    /// <summary>
    /// A content upload is checked against the MD5 its URL names (and not written again when already stored); a
    /// manifest upload is parsed into the version's file list; a part of a multipart upload is checked and kept aside.
    /// </summary>
    internal static async Task<IResult> PutAsync(
        HttpContext context, string path, UrlSigner signer, IFileStore store, IGrainFactory grains, ILoggerFactory loggers)
    {
        var objectKey = ArtifactObjects.Prefix + path;
        if (await SignedUrlAccess.CheckAsync(context, StorageOperation.Put, objectKey, signer, grains) is not { } grant)
        {
            return SignedUrlAccess.Refusal(StorageOperation.Put);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Artifacts of many GiB are normal; the body goes straight to the file store.
            size.MaxRequestBodySize = null;
        }

        var registry = grains.ArtifactRegistry();
        try
        {
            if (ArtifactObjects.Md5OfBlobKey(objectKey) is { } md5Hex)
            {
                if (await registry.IsStoredAsync(md5Hex))
                {
                    // A retry, or content another version stored first: keep what is stored, but only once these bytes
                    // prove to be it. Otherwise knowing an MD5 would be enough to put someone else's file into one's artifact.
                    var (uploaded, sizeBytes) = await ContentDigest.Md5Async(context.Request.Body, context.RequestAborted);
                    if (uploaded != md5Hex)
                    {
                        return WandbErrors.Result(StatusCodes.Status400BadRequest, $"The uploaded bytes do not have the MD5 {md5Hex} this URL is for.");
                    }

                    await registry.RegisterBlobAsync(md5Hex, sizeBytes, grant.Entity, grant.Project);
                    return Results.Ok();
                }

                var stored = await store.WriteAsync(objectKey, context.Request.Body, context.RequestAborted);
                if (ArtifactObjects.Md5HexOfBase64(stored.Md5Base64) != md5Hex)
                {
                    await store.DeleteAsync(objectKey, CancellationToken.None);
                    return WandbErrors.Result(StatusCodes.Status400BadRequest, $"The uploaded bytes do not have the MD5 {md5Hex} this URL is for.");
                }

                await registry.RegisterBlobAsync(md5Hex, stored.SizeBytes, grant.Entity, grant.Project);
                return Results.Ok();
            }

            if (ArtifactObjects.PartOfKey(objectKey) is { } upload)
            {
                return await PutPartAsync(context, objectKey, upload.Part, store);
            }

            if (ArtifactObjects.ManifestIdOfKey(objectKey) is { } manifestId)
            {
                var stored = await store.WriteAsync(objectKey, context.Request.Body, context.RequestAborted);
                await registry.RegisterManifestUploadAsync(manifestId, stored.Md5Base64, stored.SizeBytes);
                return Results.Ok();
            }

            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{objectKey}' is not an artifact object this server accepts.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, message) = FailureStatus.Classify(e);
            LogUploadFailed(loggers.CreateLogger(typeof(ArtifactStorageEndpoints)), objectKey, e);
            return WandbErrors.Result(status, message);
        }
    }

    /// <summary>
    /// Stores one part (a retry replaces it) when its bytes, and the <c>Content-MD5</c> header when sent, match the MD5
    /// its URL names, and answers the S3-style <c>ETag</c> the client echoes into <c>completedParts</c>. Bytes that do not
    /// match are removed again, so a refused part leaves nothing behind.
    /// </summary>
    private static async Task<IResult> PutPartAsync(HttpContext context, string objectKey, UploadPart part, IFileStore store)
    {
        if (context.Request.Headers["Content-MD5"].ToString() is { Length: > 0 } contentMd5
            && ArtifactObjects.Md5HexOfBase64(contentMd5) != part.Md5Hex)
        {
            return WandbErrors.Result(
                StatusCodes.Status400BadRequest, $"Content-MD5 '{contentMd5}' is not the MD5 {part.Md5Hex} this URL is for part {part.PartNumber}.");
        }

        var stored = await store.WriteAsync(objectKey, context.Request.Body, context.RequestAborted);
        if (ArtifactObjects.Md5HexOfBase64(stored.Md5Base64) != part.Md5Hex)
        {
            await store.DeleteAsync(objectKey, CancellationToken.None);
            return WandbErrors.Result(
                StatusCodes.Status400BadRequest, $"The bytes of part {part.PartNumber} do not have the MD5 {part.Md5Hex} this URL is for.");
        }

        context.Response.Headers.ETag = $"\"{part.Md5Hex}\"";
        return Results.Ok();
    }

    internal static async Task<IResult> GetAsync(
        HttpContext context, string path, UrlSigner signer, IFileStore store, ArtifactUrls urls, IGrainFactory grains)
    {
        var objectKey = ArtifactObjects.Prefix + path;
        if (await SignedUrlAccess.CheckAsync(context, StorageOperation.Get, objectKey, signer, grains) is null)
        {
            return SignedUrlAccess.Refusal(StorageOperation.Get);
        }

        var contentType = ArtifactObjects.ManifestIdOfKey(objectKey) is null ? "application/octet-stream" : "application/json";
        return await ServeAsync(context, store, urls, objectKey, contentType);
    }

    /// <summary>
    /// <c>/artifactsV2/{region}/{entity}/…/{md5 hex}[/{file name}]</c>: the segments after the entity differ between
    /// client generations (docs/protocol/artifacts.md#reads-and-downloads), so the handler takes the entity and the one 32-hex segment.
    /// </summary>
    internal static async Task<IResult> GetFallbackV2Async(HttpContext context, string path, IGrainFactory grains, IFileStore store, ArtifactUrls urls)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var md5Hex = segments.Skip(2).LastOrDefault(ArtifactObjects.IsMd5Hex);
        if (segments.Length < 3 || md5Hex is null)
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"'/artifactsV2/{path}' names no artifact file.");
        }

        return await GetFallbackAsync(context, segments[1], md5Hex, grains, store, urls);
    }

    internal static Task<IResult> GetFallbackV1Async(
        HttpContext context, string entity, string md5Hex, IGrainFactory grains, IFileStore store, ArtifactUrls urls) =>
        GetFallbackAsync(context, entity, md5Hex, grains, store, urls);

    private static async Task<IResult> GetFallbackAsync(
        HttpContext context, string entity, string md5Hex, IGrainFactory grains, IFileStore store, ArtifactUrls urls)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        // Content is shared across entities and projects, so it is served only to a caller who may read one of the
        // entity's projects holding a version that references it (project visibility decides, not the entity alone).
        if (!Names.IsValid(entity) || !ArtifactObjects.IsMd5Hex(md5Hex) || !await CanReadContentAsync(grains, user.Id, entity, md5Hex))
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"No artifact file with MD5 {md5Hex} in '{entity}'.");
        }

        return await ServeAsync(context, store, urls, ArtifactObjects.BlobKey(md5Hex), "application/octet-stream");
    }

    private static async Task<bool> CanReadContentAsync(IGrainFactory grains, long userId, string entity, string md5Hex)
    {
        var directory = grains.Directory();
        foreach (var project in await grains.ArtifactRegistry().ProjectsReferencingBlobAsync(entity, md5Hex))
        {
            if (await directory.CanReadProjectAsync(userId, entity, project))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A redirect to the blob store's signed URL when clients reach it directly (they follow it, dropping their credentials), else the bytes.</summary>
    /// <remarks>Artifact contents are addressed by MD5 and have no name of their own here: always an attachment (<see cref="UserContent"/>).</remarks>
    private static async Task<IResult> ServeAsync(HttpContext context, IFileStore store, ArtifactUrls urls, string objectKey, string contentType)
    {
        if (urls.DirectDownloadUrl(objectKey, objectKey) is { } direct)
        {
            return Results.Redirect(direct);
        }

        var stream = await store.OpenReadAsync(objectKey, context.RequestAborted);
        if (stream is null)
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"'{objectKey}' was not found.");
        }

        UserContent.Protect(context.Response, objectKey, contentType);
        return Results.Stream(stream, contentType, enableRangeProcessing: stream.CanSeek);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Artifact upload of {ObjectKey} failed")]
    private static partial void LogUploadFailed(ILogger logger, string objectKey, Exception exception);
}
