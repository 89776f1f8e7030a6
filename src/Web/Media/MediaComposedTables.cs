using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Web.Media;

/// <summary>
/// The joined (<c>*.joined-table.json</c>) and partitioned (<c>*.partitioned-table.json</c>) tables of an artifact,
/// served as one table: the file the client writes only names the artifact's tables
/// (<c>{"_type": "joined-table", "table1", "table2", "join_key"}</c>, <c>{"_type": "partitioned-table", "parts_path"}</c>),
/// so the page is read from the table <see cref="TableComposer"/> makes of them, indexed like any other under a
/// version that changes when any of them does.
/// </summary>
public static partial class MediaEndpoints
{
    private const string JoinedSuffix = ".joined-table.json";
    private const string PartitionedSuffix = ".partitioned-table.json";
    private const string TableSuffix = ".table.json";

    /// <summary>Largest joined or partitioned table file read (the client writes a few names).</summary>
    private const int MaxComposedSpecBytes = 64 * 1024;

    private static bool IsComposed(string path) =>
        path.EndsWith(JoinedSuffix, StringComparison.Ordinal) || path.EndsWith(PartitionedSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The table the composed file <paramref name="path"/> of artifact <paramref name="source"/> stands for: a version
    /// naming it and every table it reads, and how to write it. Tables it names that the artifact does not hold (or
    /// holds as references to elsewhere) are a format error.
    /// </summary>
    private static async Task<(string Version, Func<CancellationToken, Task<Stream?>> Open)> ComposedAsync(
        IGrainFactory grains, IFileStore store, long userId, TableSource source, string path, string objectKey, string version, string scratch, CancellationToken cancellationToken)
    {
        var spec = await ReadSpecAsync(store, objectKey, path, cancellationToken);
        var versions = new StringBuilder(version);
        Func<Stream, CancellationToken, Task> write;
        if (path.EndsWith(JoinedSuffix, StringComparison.Ordinal))
        {
            var (table1, table2) = (SpecString(spec, "table1", path), SpecString(spec, "table2", path));
            var (key1, key2) = spec.TryGetProperty("join_key", out var joinKey) ? joinKey switch
            {
                { ValueKind: JsonValueKind.String } => (joinKey.GetString()!, joinKey.GetString()!),
                { ValueKind: JsonValueKind.Array } when joinKey.GetArrayLength() == 2 && joinKey.EnumerateArray().All(k => k.ValueKind == JsonValueKind.String)
                    => (joinKey[0].GetString()!, joinKey[1].GetString()!),
                _ => throw new TableFormatException($"The join key of '{path}' is neither a column name nor two."),
            } : throw new TableFormatException($"'{path}' names no join key.");
            var first = await PartOfJoinAsync(table1);
            var second = await PartOfJoinAsync(table2);
            write = (output, ct) => TableComposer.JoinAsync(first, second, key1, key2, output, ct);
        }
        else
        {
            var parts = await PartsAsync(SpecString(spec, "parts_path", path));
            write = (output, ct) => TableComposer.ConcatenateAsync(parts, output, ct);
        }

        async Task<(string Name, Func<CancellationToken, Task<Stream>> Open)> PartOfJoinAsync(string table)
        {
            var name = Path.GetFileName(table).Split('.')[0];
            if (table.EndsWith(TableSuffix, StringComparison.Ordinal))
            {
                return (name, await StoredTableAsync(table));
            }

            if (table.EndsWith(PartitionedSuffix, StringComparison.Ordinal))
            {
                var inner = await ReadSpecAsync(store, await KeyOfAsync(table), table, cancellationToken);
                var parts = await PartsAsync(SpecString(inner, "parts_path", table));
                return (name, ct => Scratch(scratch, (output, c) => TableComposer.ConcatenateAsync(parts, output, c), ct));
            }

            throw new TableFormatException($"'{table}', joined by '{path}', is not a table.");
        }

        async Task<IReadOnlyList<(string, Func<CancellationToken, Task<Stream>>)>> PartsAsync(string folder)
        {
            var prefix = folder.TrimEnd('/') + "/";
            var names = new List<string>();
            var registry = grains.ArtifactRegistry();
            for (string? after = prefix; after is not null;)
            {
                var page = await registry.ListFilesAsync(source.ArtifactId!.Value, null, after, 1000);
                var inFolder = page.Files.TakeWhile(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                names.AddRange(inFolder.Where(f => f.Path.EndsWith(TableSuffix, StringComparison.Ordinal)).Select(f => f.Path));
                if (names.Count > TableComposer.MaxParts)
                {
                    throw new TableFormatException($"'{folder}' holds more than {TableComposer.MaxParts:N0} tables.");
                }

                after = page.HasNextPage && inFolder.Count == page.Files.Count && page.Files.Count > 0 ? page.Files[^1].Path : null;
            }

            var parts = new List<(string, Func<CancellationToken, Task<Stream>>)>();
            foreach (var name in names)
            {
                parts.Add((name, await StoredTableAsync(name)));
            }

            return parts;
        }

        async Task<string> KeyOfAsync(string file) =>
            await ArtifactFileKeyAsync(grains, userId, source.Entity, source.Project, source.ArtifactId!.Value, file)
                ?? throw new TableFormatException($"'{file}', named by '{path}', is not a file stored in this artifact.");

        async Task<Func<CancellationToken, Task<Stream>>> StoredTableAsync(string table)
        {
            var key = await KeyOfAsync(table);
            versions.Append('\n').Append(table).Append('\n').Append(await store.GetVersionAsync(key, cancellationToken)
                ?? throw new TableFormatException($"'{table}', named by '{path}', was removed."));
            return async ct => NonFiniteNumbers.Quoting(await store.OpenReadAsync(key, ct) ?? throw new TableFormatException($"'{table}' was removed while it was read."));
        }

        var composedVersion = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versions.ToString())));
        return (composedVersion, async ct => await Scratch(scratch, write, ct));
    }

    /// <summary>The table <paramref name="write"/> writes, in a scratch file removed once read.</summary>
    private static async Task<Stream> Scratch(string folder, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"composed-{Guid.NewGuid():N}.tmp");
        var file = new System.IO.FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await write(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<JsonElement> ReadSpecAsync(IFileStore store, string objectKey, string path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(objectKey, cancellationToken) ?? throw new TableFormatException($"'{path}' was removed.");
        var buffer = new byte[MaxComposedSpecBytes + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        if (filled > MaxComposedSpecBytes)
        {
            throw new TableFormatException($"'{path}' is larger than the {MaxComposedSpecBytes / 1024} KiB a joined or partitioned table's file holds.");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, filled));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new TableFormatException($"'{path}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new TableFormatException($"'{path}' is not JSON: {e.Message}");
        }
    }

    private static string SpecString(JsonElement spec, string property, string path) =>
        spec.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxArtifactPathLength } text
            ? text
            : throw new TableFormatException($"'{path}' names no '{property}'.");
}
