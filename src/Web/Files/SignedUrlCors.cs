using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// CORS on the signed storage URLs, as W&amp;B asks of its object store: a browser page served from this server's own
/// public origin may <c>GET</c> and <c>PUT</c> them (<c>wandb verify</c> sends an <c>OPTIONS</c> with that
/// <c>Origin</c> to a file's URL and fails without <c>Access-Control-Allow-Origin</c>). No other origin is granted and
/// credentials never are: a signed URL authorises itself, cookies and API keys play no part there
/// (docs/protocol/files.md#cors).
/// </summary>
public static class SignedUrlCors
{
    private const string AllowedMethods = "GET, HEAD, PUT";

    /// <summary>The request headers a browser upload may send (what the clients and the web app send on a PUT).</summary>
    private const string AllowedHeaders = "Content-Type, Content-MD5, Content-Encoding, Range, X-Amz-Meta-Md5, X-Ms-Blob-Type";

    public static IEndpointRouteBuilder MapSignedUrlCors(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/storage/{**objectKey}", [HttpMethods.Options], Preflight).WithName("StoragePreflight");
        return endpoints;
    }

    /// <summary>Adds <c>Access-Control-Allow-Origin</c> to the answers of a storage route for this server's own origin.</summary>
    public static RouteHandlerBuilder WithSignedUrlCors(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (invocation, next) =>
        {
            Allow(invocation.HttpContext);
            return await next(invocation);
        });

    internal static IResult Preflight(HttpContext context)
    {
        if (!Allow(context))
        {
            // Not a preflight this server grants: an answer without CORS headers, which the browser refuses.
            return Results.NoContent();
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = AllowedMethods;
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = "3600";
        return Results.NoContent();
    }

    private static bool Allow(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !string.Equals(origin, OwnOrigin(context), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlExposeHeaders = "ETag, Content-Length, Content-Range";
        headers.Vary = "Origin";
        return true;
    }

    /// <summary>scheme://host[:port] of the public base URL (HOST, else the request's own).</summary>
    private static string OwnOrigin(HttpContext context)
    {
        var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().BaseUrl(context);
        return Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : baseUrl;
    }
}
