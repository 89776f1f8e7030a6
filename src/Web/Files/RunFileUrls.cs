using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// The URLs handed out for run files, matching <see cref="StorageEndpoints"/>: the object key comes from
/// <see cref="RunFileObjects"/> (<c>runs/{entity}/{project}/{run}/{path}</c>, unescaped, which is what
/// <see cref="UrlSigner"/> signs); the URL is <c>{base}/storage/{key, each segment URL-escaped}?op=..&amp;exp=..&amp;uid=..&amp;scope=..&amp;sig=..</c>,
/// granted to the caller of the request for the file's project. ASP.NET decodes the path, so the storage route's
/// <c>{**objectKey}</c> is the signed key again. When the file store is reached directly (<see cref="IDirectTransfer"/>,
/// the cluster profile's blob container), its own signed URLs are handed out instead, so file bytes never pass through a silo.
/// </summary>
public sealed class RunFileUrls(UrlSigner signer, PublicUrls publicUrls, IDirectTransfer? direct = null)
{
    /// <summary>The <c>Name:Value</c> headers clients must send with every upload PUT (none for our own endpoints).</summary>
    public IReadOnlyList<string> UploadHeaders => direct?.UploadHeaders ?? [];

    /// <summary>Why a run-relative file path is unacceptable to the storage endpoints, or null when it is fine.</summary>
    public static string? CheckPath(string? path) =>
        RunFileObjects.IsValidPath(path)
            ? null
            : $"Invalid run file name '{path}': use a relative '/'-separated path without '..', '.', empty parts or backslashes.";

    /// <summary>The absolute, self-authorising URL a client PUTs a run file's bytes to (the caller must be able to write the run).</summary>
    public string UploadUrl(HttpContext context, string objectKey) =>
        IsDirect(objectKey) ? direct!.UploadUrl(objectKey) : SignedUrl(context, StorageOperation.Put, objectKey, ScopeOf(objectKey));

    /// <summary>The absolute, self-authorising URL that returns a run file's bytes.</summary>
    public string DownloadUrl(HttpContext context, string objectKey) =>
        IsDirect(objectKey)
            ? direct!.DownloadUrl(objectKey, UserContent.ServedAsOf(objectKey))
            : SignedUrl(context, StorageOperation.Get, objectKey, ScopeOf(objectKey));

    /// <summary>
    /// The URL a client fetches with its API key (<c>File.url</c>). With a direct store it is the authenticated
    /// <c>/files/...</c> route, which redirects to a signed store URL: clients send their credentials to this URL,
    /// and a blob store rejects a request that carries both a signature and foreign credentials, while a redirect to
    /// another host drops them. Without one it is the server's own signed URL.
    /// </summary>
    public string AuthenticatedDownloadUrl(HttpContext context, string objectKey) =>
        direct is not null && RunFileObjects.TryParse(objectKey, out var file)
            ? publicUrls.Absolute(context, "/files/" + string.Join('/', new[] { file.Entity, file.Project, file.Run }
                .Concat(file.Path.Split('/')).Select(Uri.EscapeDataString)))
            : DownloadUrl(context, objectKey);

    /// <summary>The server-relative path of an object: <c>/storage/</c> plus the key with each segment escaped.</summary>
    public static string StoragePath(string objectKey) =>
        "/storage/" + string.Join('/', objectKey.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// The server's own signed URL for an object of a project, granted to the caller of <paramref name="context"/>:
    /// it works only while that caller may read (GET) or write (PUT) the project.
    /// </summary>
    public string SignedUrl(HttpContext context, StorageOperation operation, string objectKey, (string Entity, string Project) scope) =>
        publicUrls.Absolute(
            context,
            StoragePath(objectKey) + "?" + signer.Sign(operation, objectKey, new UrlGrant(context.GetRequiredUser().Id, scope.Entity, scope.Project)));

    /// <summary>
    /// Run files go straight to a direct store. Artifact contents still pass through the server's endpoints, which
    /// check their MD5 and register them as they land (nothing would tell the registry about a direct upload).
    /// </summary>
    private bool IsDirect(string objectKey) => direct is not null && RunFileObjects.TryParse(objectKey, out _);

    private static (string Entity, string Project) ScopeOf(string objectKey) =>
        RunFileObjects.TryParse(objectKey, out var file)
            ? (file.Entity, file.Project)
            : throw new ArgumentException($"'{objectKey}' is not a run file's object key.", nameof(objectKey));
}
