using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Media;

/// <summary>
/// <c>GET /api/v1/media/{entity}/{project}/{run}/html?path=</c>: a run's <c>wandb.Html</c> page (an <c>html-file</c>
/// value, a <c>.html</c> run file) for the app's <c>&lt;iframe sandbox="allow-scripts"&gt;</c>. It is the one route that
/// serves a user's HTML inline, so its policy does what the frame's sandbox does even when the page is opened on its
/// own: <c>sandbox allow-scripts</c> (a unique origin: the page's scripts run but never as the app, never with its
/// cookies or storage, and cannot navigate the app), and nothing may be fetched from anywhere — no <c>connect-src</c>,
/// images, media and fonts only from <c>data:</c>/<c>blob:</c>, no forms, no base URL, framed only by the app.
/// </summary>
public static partial class MediaEndpoints
{
    /// <summary>The policy of a served <c>wandb.Html</c> page: script in a unique origin, no request to any origin.</summary>
    public const string HtmlSecurityPolicy =
        "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline' data: blob:; style-src 'unsafe-inline' data:; " +
        "img-src data: blob:; media-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'";

    /// <summary>Largest HTML page served (wandb.Html pages are a document, not a data set).</summary>
    public const int MaxHtmlBytes = 16 * 1024 * 1024;

    internal static async Task<IResult> HtmlAsync(
        HttpContext context, string entity, string project, string run, string? path, IGrainFactory grains, IFileStore store, ILoggerFactory loggers)
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

        if (!path!.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"'{path}' is not an HTML page (.html).");
        }

        if (!await grains.Directory().CanReadProjectAsync(user.Id, entity, project))
        {
            return WandbErrors.Result(StatusCodes.Status404NotFound, $"Run file '{entity}/{project}/{run}/{path}' was not found.");
        }

        var objectKey = RunFileObjects.Key(entity, project, run, path);
        try
        {
            await using var source = await store.OpenReadAsync(objectKey, context.RequestAborted);
            if (source is null)
            {
                return WandbErrors.Result(StatusCodes.Status404NotFound, $"Run file '{entity}/{project}/{run}/{path}' was not found.");
            }

            using var page = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (page.Length + read > MaxHtmlBytes)
                {
                    return WandbErrors.Result(StatusCodes.Status422UnprocessableEntity, $"The page is larger than {MaxHtmlBytes / (1024 * 1024)} MiB.");
                }

                page.Write(buffer, 0, read);
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = HtmlSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers.CacheControl = "private, no-cache";
            return Results.Bytes(page.ToArray(), "text/html; charset=utf-8");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHtmlFailed(loggers.CreateLogger(typeof(MediaEndpoints)), objectKey, e);
            return ReadFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Serving the page {ObjectKey} failed")]
    private static partial void LogHtmlFailed(ILogger logger, string objectKey, Exception exception);
}
