using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// The one place that knows where run files live and how their URLs look, shared by GraphQL (which hands the
/// URLs out) and the storage endpoints (which serve them):
/// <list type="bullet">
/// <item>object key: <c>runs/{entity}/{project}/{run}/{path}</c>, the logical (unescaped) text; it is what
/// <see cref="UrlSigner"/> signs and what the file store is asked for;</item>
/// <item>URL: <c>{base}/storage/{key with each segment URL-escaped}?op=put|get&amp;exp=..&amp;sig=..</c>.
/// ASP.NET decodes the path, so the storage endpoint recovers the object key as the decoded request path after
/// <c>/storage/</c> and verifies the signature against it.</item>
/// </list>
/// </summary>
public sealed class RunFileUrls(UrlSigner signer, PublicUrls publicUrls)
{
    /// <summary>The first segment of every run-file object key.</summary>
    public const string KeyPrefix = "runs/";

    /// <summary>The route prefix of signed storage URLs.</summary>
    public const string StoragePathPrefix = "/storage/";

    /// <summary>The object key of a run file. Names must be valid; the path must pass <see cref="CheckPath"/>.</summary>
    public static string ObjectKey(string entity, string project, string run, string path)
    {
        Names.EnsureValid(entity, "entity");
        Names.EnsureValid(project, "project");
        Names.EnsureValid(run, "run");
        var problem = CheckPath(path);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(path));
        }

        return $"{KeyPrefix}{entity}/{project}/{run}/{path}";
    }

    /// <summary>Splits a run-file object key back into its names and file path; false for any other key.</summary>
    public static bool TryParseObjectKey(string objectKey, out string entity, out string project, out string run, out string path)
    {
        entity = project = run = path = string.Empty;
        if (!objectKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = objectKey[KeyPrefix.Length..].Split('/', 4);
        if (parts.Length != 4 || !Names.IsValid(parts[0]) || !Names.IsValid(parts[1]) || !Names.IsValid(parts[2]) ||
            CheckPath(parts[3]) is not null)
        {
            return false;
        }

        (entity, project, run, path) = (parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>
    /// Why a run-relative file path is unacceptable, or null when it is fine: it must be relative, '/'-separated,
    /// without empty, "." or ".." segments, backslashes or control characters, so it can never escape the run's folder.
    /// </summary>
    public static string? CheckPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "File name is empty.";
        }

        if (path.Length > 1024)
        {
            return $"File name '{path[..64]}...' is longer than 1024 characters.";
        }

        if (path.Contains('\\'))
        {
            return $"File name '{path}' contains a backslash; use '/' to separate folders.";
        }

        if (path.Any(char.IsControl))
        {
            return $"File name '{path}' contains control characters.";
        }

        if (path.StartsWith('/'))
        {
            return $"File name '{path}' must be relative to the run.";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return $"File name '{path}' has an empty, '.' or '..' segment.";
            }
        }

        return null;
    }

    /// <summary>The absolute, self-authorising URL a client PUTs the file's bytes to.</summary>
    public string UploadUrl(HttpContext context, string objectKey) =>
        SignedUrl(context, StorageOperation.Put, objectKey);

    /// <summary>The absolute, self-authorising URL that returns the file's bytes.</summary>
    public string DownloadUrl(HttpContext context, string objectKey) =>
        SignedUrl(context, StorageOperation.Get, objectKey);

    /// <summary>The server-relative path of an object (segments escaped, no query).</summary>
    public static string StoragePath(string objectKey) =>
        StoragePathPrefix + string.Join('/', objectKey.Split('/').Select(Uri.EscapeDataString));

    private string SignedUrl(HttpContext context, StorageOperation operation, string objectKey) =>
        publicUrls.Absolute(context, StoragePath(objectKey) + "?" + signer.Sign(operation, objectKey));
}
