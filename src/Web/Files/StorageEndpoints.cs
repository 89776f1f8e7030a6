using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// Byte transfer: <c>PUT|GET /storage/{objectKey}</c> authorised by a signed URL (the clients send no
/// credentials there), and <c>GET /files/{entity}/{project}/{run}/{path}</c> authorised by an API key
/// (what <c>File.download()</c> sends). A run file registers with its run grain when its PUT lands. Signed URLs are
/// checked by <see cref="SignedUrlAccess"/>; bytes are answered with <see cref="UserContent"/>'s protective headers.
/// </summary>
public static partial class StorageEndpoints
{
    public static IEndpointRouteBuilder MapStorage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/storage/{**objectKey}", PutAsync).WithName("StoragePut").DisableAntiforgery().WithSignedUrlCors();
        endpoints.MapGet("/storage/{**objectKey}", GetAsync).WithName("StorageGet").WithSignedUrlCors();
        endpoints.MapGet("/files/{entity}/{project}/{run}/{**path}", GetRunFileAsync).WithName("RunFileGet");
        return endpoints;
    }

    internal static async Task<IResult> PutAsync(
        HttpContext context, string objectKey, UrlSigner signer, IFileStore store, IGrainFactory grains,
        TimeProvider time, ILoggerFactory loggers)
    {
        if (!RunFileObjects.TryParse(objectKey, out var runFile))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{objectKey}' is not a storage object this server accepts.");
        }

        if (await SignedUrlAccess.CheckAsync(context, StorageOperation.Put, objectKey, signer, grains) is null)
        {
            return SignedUrlAccess.Refusal(StorageOperation.Put);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Whole files arrive here (artifacts of many GiB are normal); they are streamed, never buffered.
            size.MaxRequestBodySize = null;
        }

        try
        {
            var stored = await store.WriteAsync(objectKey, context.Request.Body, context.RequestAborted);
            var file = new RunFileInfo(runFile.Path, stored.SizeBytes, stored.Md5Base64, FileTypes.ContentTypeOf(runFile.Path), time.GetUtcNow());
            await grains.GetGrain<IRunGrain>(RunKey.From(runFile.Entity, runFile.Project, runFile.Run)).RegisterFileAsync(file);
            return Results.Ok();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, message) = FailureStatus.Classify(e);
            LogUploadFailed(loggers.CreateLogger(typeof(StorageEndpoints)), objectKey, e);
            return WandbErrors.Result(status, message);
        }
    }

    /// <summary>
    /// A script's same-origin fetch() in a browser (<c>Sec-Fetch-Site: same-origin</c>, mode <c>cors</c> or
    /// <c>same-origin</c>), as opposed to an image, player or link the browser loads itself (modes <c>no-cors</c>,
    /// <c>navigate</c>) or a client that sends no such header.
    /// </summary>
    internal static bool IsAppFetch(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"] == "same-origin" && request.Headers["Sec-Fetch-Mode"].ToString() is "cors" or "same-origin";

    internal static async Task<IResult> GetAsync(HttpContext context, string objectKey, UrlSigner signer, IFileStore store, IGrainFactory grains)
    {
        if (await SignedUrlAccess.CheckAsync(context, StorageOperation.Get, objectKey, signer, grains) is null)
        {
            return SignedUrlAccess.Refusal(StorageOperation.Get);
        }

        return await StreamAsync(context, store, objectKey);
    }

    internal static async Task<IResult> GetRunFileAsync(
        HttpContext context, string entity, string project, string run, string path, IGrainFactory grains, IFileStore store,
        IServiceProvider services)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        if (!Names.IsValid(entity) || !Names.IsValid(project) || !Names.IsValid(run) || !RunFileObjects.IsValidPath(path))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{entity}/{project}/{run}/{path}' is not a valid run file path.");
        }

        if (!await grains.Directory().CanReadProjectAsync(user.Id, entity, project))
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"Run file '{entity}/{project}/{run}/{path}' was not found.");
        }

        // A store the clients reach directly serves the bytes itself: the silo only authorises and redirects. The web
        // app's own fetch() calls (a waveform, a point cloud, a text preview) are answered here instead: a redirect to
        // the store's origin would need that origin to allow the app's by CORS, and the page's connect-src to allow it.
        if (services.GetService<IDirectTransfer>() is { } direct && !IsAppFetch(context.Request))
        {
            return Results.Redirect(direct.DownloadUrl(RunFileObjects.Key(entity, project, run, path), UserContent.ServedAsOf(path)));
        }

        return await StreamAsync(context, store, RunFileObjects.Key(entity, project, run, path));
    }

    private static async Task<IResult> StreamAsync(HttpContext context, IFileStore store, string objectKey)
    {
        var stream = await store.OpenReadAsync(objectKey, context.RequestAborted);
        if (stream is null)
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"'{objectKey}' was not found.");
        }

        var contentType = FileTypes.ContentTypeOf(objectKey);
        UserContent.Protect(context.Response, objectKey, contentType);
        return Results.Stream(stream, contentType, enableRangeProcessing: stream.CanSeek);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload of {ObjectKey} failed")]
    private static partial void LogUploadFailed(ILogger logger, string objectKey, Exception exception);
}
