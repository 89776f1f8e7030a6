using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.App;

/// <summary>
/// Serves the web app: its static files under <c>/static/</c> from the <c>webapp</c> folder next to the binaries
/// (copied there by the build, see <c>App/WebApp.targets</c>), and <c>index.html</c> for every other GET that no API
/// route answers, so app addresses such as <c>/{entity}/{project}/runs/{run}</c> (the links the clients print) load
/// the app, which routes them in the browser.
/// </summary>
public static class AppEndpoints
{
    /// <summary>Where the app's files are, relative to the binaries.</summary>
    public const string FolderName = "webapp";

    /// <summary>
    /// Scripts and styles only from this server, no plugins, no framing; inline styles are allowed because the chart
    /// library positions its elements with them. Images, audio and video also from the blob store's origin when files
    /// are downloaded from it directly (<paramref name="storeOrigin"/>, the cluster profile: <c>/files/…</c> redirects
    /// there); scripts' fetches stay same-origin (the silo answers them itself, <see cref="Files.StorageEndpoints.IsAppFetch"/>).
    /// </summary>
    internal static string ContentSecurityPolicy(string? storeOrigin)
    {
        var store = storeOrigin is { Length: > 0 } ? " " + storeOrigin : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:{store}; media-src 'self'{store}; " +
            "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
    }

    private static readonly string[] ApiPrefixes = ["/api", "/graphql", "/files", "/storage", "/healthz", "/ready"];

    /// <summary>The folder the app is served from.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, FolderName);

    /// <summary>Static files under <c>/static</c>; revalidated on every load (ETag), so a new build shows at once.</summary>
    public static IApplicationBuilder UseWandbApp(this IApplicationBuilder app)
    {
        if (!Directory.Exists(Folder))
        {
            throw new InvalidOperationException(
                $"The web app's files are missing from {Folder}; build the solution (the build copies them there).");
        }

        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Folder),
            RequestPath = "/static",
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.CacheControl = "no-cache";
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
    }

    public static IEndpointRouteBuilder MapWandbApp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback(ServeIndexAsync).WithName("WebApp");
        return endpoints;
    }

    internal static async Task ServeIndexAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) ||
            ApiPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"No route {context.Request.Method} {path}.");
            return;
        }

        // Relative links in the app resolve against <base>, which carries the path HOST may put the server under.
        var html = await File.ReadAllTextAsync(Path.Combine(Folder, "index.html"), context.RequestAborted);
        var pathBase = context.Request.PathBase.HasValue ? context.Request.PathBase.Value!.TrimEnd('/') : "";
        html = html.Replace("<base href=\"/\">", $"<base href=\"{System.Net.WebUtility.HtmlEncode(pathBase)}/\">", StringComparison.Ordinal);

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy(context.RequestServices.GetService<IDirectTransfer>()?.PublicOrigin);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), context.RequestAborted);
    }
}
