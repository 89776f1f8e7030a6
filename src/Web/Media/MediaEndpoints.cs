using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Media;

/// <summary>
/// The media the web app shows from a run's files. <c>GET /api/v1/media/{entity}/{project}/{run}/thumbnail?path=&amp;size=</c>:
/// one of the run's images at most <c>size</c> pixels on its longer side (<see cref="ImageThumbnails"/>), for API keys and
/// web sessions that may read the project (the directory's rule; anyone else sees a 404, as for a missing file).
/// </summary>
public static partial class MediaEndpoints
{
    /// <summary>Extensions of the stored images thumbnails are made of.</summary>
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"];

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/media/{entity}/{project}/{run}/thumbnail", ThumbnailAsync).WithName("MediaThumbnail");
        endpoints.MapGet("/api/v1/media/{entity}/{project}/{run}/table", RunTableAsync).WithName("MediaRunTable");
        endpoints.MapGet("/api/v1/media/{entity}/{project}/{run}/html", HtmlAsync).WithName("MediaRunHtml");
        endpoints.MapGet("/api/v1/media/{entity}/{project}/artifacts/{artifactId}/thumbnail", ArtifactThumbnailAsync).WithName("MediaArtifactThumbnail");
        endpoints.MapGet("/api/v1/media/{entity}/{project}/artifacts/{artifactId}/table", ArtifactTableAsync).WithName("MediaArtifactTable");
        return endpoints;
    }

    internal static async Task<IResult> ThumbnailAsync(
        HttpContext context, string entity, string project, string run, string? path, int? size, IGrainFactory grains, IFileStore store,
        ImageThumbnails thumbnails, ILoggerFactory loggers)
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

        if (size is not (>= ImageThumbnails.MinSize and <= ImageThumbnails.MaxSize))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"size must be between {ImageThumbnails.MinSize} and {ImageThumbnails.MaxSize} pixels.");
        }

        if (!ImageExtensions.Any(e => path!.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{path}' is not an image ({string.Join(", ", ImageExtensions)}).");
        }

        if (!await grains.Directory().CanReadProjectAsync(user.Id, entity, project))
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"Run file '{entity}/{project}/{run}/{path}' was not found.");
        }

        return await ServeThumbnailAsync(context, RunFileObjects.Key(entity, project, run, path!), path!, size.Value, store, thumbnails, loggers);
    }

    /// <summary>A thumbnail of an image inside an artifact (a table's image cell), for callers who may read the artifact's project.</summary>
    internal static async Task<IResult> ArtifactThumbnailAsync(
        HttpContext context, string entity, string project, string artifactId, string? path, int? size, IGrainFactory grains, IFileStore store,
        ImageThumbnails thumbnails, ILoggerFactory loggers)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        if (!Names.IsValid(entity) || !Names.IsValid(project) || string.IsNullOrEmpty(path) || path.Length > MaxArtifactPathLength)
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"path must name a file of the artifact (at most {MaxArtifactPathLength} characters).");
        }

        if (size is not (>= ImageThumbnails.MinSize and <= ImageThumbnails.MaxSize))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"size must be between {ImageThumbnails.MinSize} and {ImageThumbnails.MaxSize} pixels.");
        }

        if (!ImageExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{path}' is not an image ({string.Join(", ", ImageExtensions)}).");
        }

        string? objectKey;
        try
        {
            objectKey = ArtifactNumber(artifactId) is { } number ? await ArtifactFileKeyAsync(grains, user.Id, entity, project, number, path) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unavailable(loggers, $"artifacts/{artifactId}/{path}", e);
        }

        return objectKey is null
            ? WandbErrors.Result(StatusCodes.Status404NotFound, $"Artifact file '{path}' was not found.")
            : await ServeThumbnailAsync(context, objectKey, path, size.Value, store, thumbnails, loggers);
    }

    private static async Task<IResult> ServeThumbnailAsync(
        HttpContext context, string objectKey, string path, int size, IFileStore store, ImageThumbnails thumbnails, ILoggerFactory loggers)
    {
        try
        {
            await using var source = await store.OpenReadAsync(objectKey, context.RequestAborted);
            if (source is null)
            {
                return WandbErrors.Result(StatusCodes.Status404NotFound, $"File '{path}' was not found.");
            }

            var thumbnail = await thumbnails.GetAsync(objectKey, source, size, context.RequestAborted);
            UserContent.Protect(context.Response, path, thumbnail.ContentType);

            // Media file names carry a content hash, so a thumbnail may be reused for a while; private: it is the caller's.
            context.Response.Headers.CacheControl = "private, max-age=3600";
            return Results.Bytes(thumbnail.Bytes, thumbnail.ContentType);
        }
        catch (ThumbnailException e)
        {
            return WandbErrors.Result(StatusCodes.Status422UnprocessableEntity, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogThumbnailFailed(loggers.CreateLogger(typeof(MediaEndpoints)), objectKey, e);
            return ReadFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Thumbnail of {ObjectKey} failed")]
    private static partial void LogThumbnailFailed(ILogger logger, string objectKey, Exception exception);
}
