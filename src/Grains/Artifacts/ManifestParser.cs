using System.Text.Json;
using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// Reads an uploaded artifact manifest (<c>{"version": 1, "contents": {path: {digest, size, birthArtifactID, ref}}}</c>,
/// docs/protocol/artifacts.md#manifest-and-digests) into its file entries. Entries with a <c>ref</c> point outside this server and hold no content
/// here; the others are addressed by the MD5 their base64 <c>digest</c> carries.
/// </summary>
internal static class ManifestParser
{
    /// <summary>The entries in path order; throws <see cref="ArgumentException"/> when the text is not a manifest.</summary>
    public static async Task<IReadOnlyList<ArtifactFileEntry>> ParseAsync(Stream manifest, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(manifest, default, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The manifest is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("The manifest has no 'contents' object.");
            }

            var entries = new List<ArtifactFileEntry>();
            foreach (var item in contents.EnumerateObject())
            {
                entries.Add(ParseEntry(item.Name, item.Value));
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return entries;
        }
    }

    private static ArtifactFileEntry ParseEntry(string path, JsonElement entry)
    {
        if (string.IsNullOrEmpty(path) || entry.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The manifest entry '{path}' is not an object with a path.");
        }

        var digest = entry.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        var size = entry.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : 0;
        var birth = entry.TryGetProperty("birthArtifactID", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        var reference = entry.TryGetProperty("ref", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var md5Hex = reference is null ? ArtifactObjects.Md5HexOfBase64(digest) : null;
        if (reference is null && md5Hex is null)
        {
            throw new ArgumentException($"The manifest entry '{path}' has neither a base64 MD5 digest nor a reference.");
        }

        return new ArtifactFileEntry(path, digest, md5Hex, size, birth, reference);
    }
}
