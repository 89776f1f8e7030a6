using Microsoft.AspNetCore.StaticFiles;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// The content type recorded for a run file that registers from the store's listing, by the same rule the web layer
/// uses for files whose PUT it sees (<c>StorageEndpoints.ContentTypeOf</c>): the extension, with W&amp;B's logs as text.
/// </summary>
internal static class RunFileTypes
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static string ContentTypeOf(string path) =>
        ContentTypes.TryGetContentType(path, out var type) ? type
        : path.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? "text/plain"
            : "application/octet-stream";
}
