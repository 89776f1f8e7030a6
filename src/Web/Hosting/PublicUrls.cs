using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Web.Hosting;

/// <summary>Builds the absolute URLs the server hands out (uploads, downloads), from HOST or the request.</summary>
public sealed class PublicUrls(IOptions<ServerOptions> options)
{
    /// <summary>The base URL without a trailing slash, e.g. <c>http://localhost:8080</c>.</summary>
    public string BaseUrl(HttpContext context)
    {
        var configured = options.Value.Host;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
        }

        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
    }

    /// <summary>An absolute URL for a server-relative path (which must start with '/').</summary>
    public string Absolute(HttpContext context, string path) => BaseUrl(context) + path;
}
