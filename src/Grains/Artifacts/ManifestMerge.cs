using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// The manifest of a version built from incremental or distributed parts (docs/protocol/artifacts.md#incremental-and-distributed).
/// The store merged the parts' entries into the version's file list as they were uploaded; at commit this writes that
/// list as the version's full manifest (what downloads read: the client fetches the manifest, then every file it
/// names) and computes the artifact digest over it, as W&amp;B reports the merged version.
/// </summary>
internal static class ManifestMerge
{
    private const string FullManifestName = "wandb_manifest.json";

    /// <summary>
    /// Writes the full manifest of a version whose uploaded manifests are not all full; returns its artifact digest
    /// (hex), or null when the version has a full manifest of its own and nothing was written.
    /// </summary>
    public static async Task<string?> WriteFullManifestAsync(IArtifactStore store, IFileStore files, ArtifactVersion version, DateTimeOffset at)
    {
        var manifests = await store.ListManifestsAsync(version.Id);
        if (manifests.Any(m => m.UploadedAt is not null && m.Kind == ArtifactManifestKinds.Full)
            || !manifests.Any(m => m.UploadedAt is not null))
        {
            return null;
        }

        var entries = new List<ArtifactFileEntry>();
        string? after = null;
        while (true)
        {
            var page = await store.ListFilesAsync(version.Id, null, after, 10_000);
            entries.AddRange(page.Files);
            if (!page.HasNextPage || page.Files.Count == 0)
            {
                break;
            }

            after = page.Files[^1].Path;
        }

        var bytes = Serialize(entries);
        var manifest = await store.UpsertManifestAsync(
            version.Id, FullManifestName, Convert.ToBase64String(MD5.HashData(bytes)), ArtifactManifestKinds.Full, null, at);
        using (var content = new MemoryStream(bytes, writable: false))
        {
            await files.WriteAsync(ArtifactObjects.ManifestKey(manifest.Id), content, CancellationToken.None);
        }

        // The same entries (a full manifest replaces the list with itself), read back the way an upload is read.
        using (var content = new MemoryStream(bytes, writable: false))
        {
            await store.SaveManifestFilesAsync(manifest.Id, bytes.Length, await ManifestParser.ParseAsync(content, CancellationToken.None), at);
        }

        return Digest(entries);
    }

    /// <summary>
    /// The artifact digest: hex MD5 of <c>"wandb-artifact-manifest-v1\n"</c> and <c>"path:digest\n"</c> per entry in
    /// path order (docs/protocol/artifacts.md#manifest-and-digests).
    /// </summary>
    public static string Digest(IEnumerable<ArtifactFileEntry> entries)
    {
        var text = new StringBuilder("wandb-artifact-manifest-v1\n");
        foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(entry.Path).Append(':').Append(entry.Digest).Append('\n');
        }

        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static byte[] Serialize(IReadOnlyList<ArtifactFileEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteString("storagePolicy", "wandb-storage-policy-v1");
            writer.WriteStartObject("storagePolicyConfig");
            writer.WriteString("storageLayout", "V2");
            writer.WriteEndObject();
            writer.WriteStartObject("contents");
            foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                writer.WriteStartObject(entry.Path);
                writer.WriteString("digest", entry.Digest);
                if (entry.BirthArtifactId is { } birth)
                {
                    writer.WriteString("birthArtifactID", birth);
                }

                if (entry.Ref is { } reference)
                {
                    writer.WriteString("ref", reference);
                }

                writer.WriteNumber("size", entry.SizeBytes);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
