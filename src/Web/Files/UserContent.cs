using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// How the server answers with bytes its users uploaded (run files, artifact files and manifests), so that they can
/// never run script in the app's origin (a user's <c>report.html</c> or <c>.svg</c> opened by an admin would otherwise
/// act as the admin): always <c>X-Content-Type-Options: nosniff</c> and <c>Content-Security-Policy: default-src 'none';
/// sandbox</c>, and <c>Content-Disposition: attachment</c> unless the type is a raster image browsers only ever draw
/// (SVG is not one: it carries script). Every route that serves user bytes calls <see cref="Protect"/>; blob-store URLs
/// (another origin) carry the type and disposition in their signature (<see cref="ServedAsOf"/>).
/// </summary>
public static class UserContent
{
    /// <summary>No fetches, no script, a unique origin: what a browser may do with a user's file opened directly.</summary>
    public const string SecurityPolicy = "default-src 'none'; sandbox";

    /// <summary>Types shown inline: raster images, which browsers decode but never execute.</summary>
    private static readonly FrozenSet<string> InlineTypes = new[]
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a file of this content type may be shown inline.</summary>
    public static bool IsInline(string contentType) => InlineTypes.Contains(contentType);

    /// <summary>Sets the protective headers on a response that carries a user's file of this name and type.</summary>
    public static void Protect(HttpResponse response, string fileName, string contentType)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = SecurityPolicy;
        if (!IsInline(contentType))
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(LastSegment(fileName));
            response.Headers.ContentDisposition = disposition.ToString();
        }
    }

    /// <summary>
    /// How a blob-store URL must present this file: an inline raster image as its own type, anything else as an
    /// <c>application/octet-stream</c> attachment; <see cref="IDirectTransfer.DownloadUrl"/> signs it into the URL.
    /// </summary>
    public static ServedAs ServedAsOf(string fileName) =>
        FileTypes.ContentTypeOf(fileName) is var type && IsInline(type)
            ? new ServedAs(type, null)
            : new ServedAs(FileTypes.Unknown, LastSegment(fileName));

    private static string LastSegment(string fileName) => fileName[(fileName.LastIndexOf('/') + 1)..];
}
