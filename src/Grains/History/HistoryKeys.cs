using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// <c>historyKeys</c> from the segment summaries: <c>{"lastStep": N, "keys": {"loss": {"typeCounts": [{"type":
/// "number", "count": 205}], "previousValue": 0.001}}}</c>. <c>lastStep</c> is the largest finite <c>_step</c>
/// (−1 without any, so clients fetch no pages); <c>previousValue</c> is the key's value in the last row that has it.
/// Nested dictionaries are flattened as W&amp;B does: <c>log({"dict": {"val1": 1.0}})</c> is the key <c>dict.val1</c>
/// (<c>wandb verify</c> reads it); a value carrying a <c>_type</c> (media, tables) stays one key of that type.
/// </summary>
internal static class HistoryKeys
{
    public static async Task<string> BuildAsync(HistoryStream stream)
    {
        var summaries = await stream.SummariesAsync();
        long lastStep = -1;
        var types = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var summary in summaries)
        {
            if (summary is null)
            {
                continue;
            }

            if (summary.Columns.GetValueOrDefault("_step") is { Total.Count: > 0 } steps && steps.Total.Max > lastStep)
            {
                lastStep = (long)steps.Total.Max;
            }

            foreach (var (name, column) in summary.Columns)
            {
                // A column whose rows were all dropped (a rewound run) names no key any more.
                if (column.Present == 0)
                {
                    continue;
                }

                if (!types.TryGetValue(name, out var counts))
                {
                    types[name] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                foreach (var (type, count) in column.TypeCounts)
                {
                    counts[type] = counts.GetValueOrDefault(type) + count;
                }

                last[name] = column.LastText;
            }
        }

        await FlattenMapsAsync(stream, summaries, types, last);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("lastStep", lastStep);
            writer.WriteStartObject("keys");
            foreach (var (name, counts) in types)
            {
                writer.WriteStartObject(name);
                writer.WriteStartArray("typeCounts");
                foreach (var (type, count) in counts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", type);
                    writer.WriteNumber("count", count);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WritePropertyName("previousValue");
                LenientJson.WriteStandard(writer, last[name]);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Replaces the <c>map</c> counts of each key by counts of its leaves. Summaries only know a key held a map, so
    /// the rows of the segments where it did are read (maps in history are rare; media carry a <c>_type</c>).
    /// </summary>
    private static async Task FlattenMapsAsync(
        HistoryStream stream, SegmentSummary?[] summaries, Dictionary<string, Dictionary<string, int>> types, Dictionary<string, string> last)
    {
        var mapped = types.Where(pair => pair.Value.ContainsKey(MapType)).Select(pair => pair.Key).ToList();
        if (mapped.Count == 0)
        {
            return;
        }

        var leaves = new Flattened(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var name in mapped)
        {
            var counts = types[name];
            counts.Remove(MapType);
            if (counts.Count == 0)
            {
                types.Remove(name);
                last.Remove(name);
            }

            foreach (var summary in summaries)
            {
                if (summary?.Columns.GetValueOrDefault(name) is not { } column || !column.TypeCounts.ContainsKey(MapType)
                    || await stream.SegmentAsync(summary.Index) is not { } segment || segment.Column(name) is not { } values)
                {
                    continue;
                }

                for (var row = 0; row < Math.Min(values.Tags.Length, segment.Length); row++)
                {
                    if (values.Tags[row] == ValueTag.Object && values.Texts![row] is { } text && TypeOf(JsonValueKind.Object, text) == MapType)
                    {
                        Flatten(leaves, name, text);
                    }
                }
            }
        }

        foreach (var (leaf, counts) in leaves.Types)
        {
            if (!types.TryGetValue(leaf, out var merged))
            {
                types[leaf] = merged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            foreach (var (type, count) in counts)
            {
                merged[type] = merged.GetValueOrDefault(type) + count;
            }

            last[leaf] = leaves.Last[leaf];
        }
    }

    private const string MapType = "map";

    private sealed record Flattened(Dictionary<string, Dictionary<string, int>> Types, Dictionary<string, string> Last);

    private static void Flatten(Flattened into, string prefix, string mapText)
    {
        var state = (Into: into, Prefix: prefix, Members: 0);
        LenientJson.VisitMembers(mapText, ref state, static (ref (Flattened Into, string Prefix, int Members) s, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            s.Members++;
            var path = s.Prefix + "." + LenientJson.UnescapeKey(rawKey);
            var text = raw.ToString();
            var type = TypeOf(kind, text);
            if (type == MapType)
            {
                Flatten(s.Into, path, text);
                return;
            }

            Count(s.Into, path, type, text);
        });

        if (state.Members == 0)
        {
            // An empty dictionary has no leaves: it stays a key of its own, as a map.
            Count(into, prefix, MapType, mapText);
        }
    }

    private static void Count(Flattened into, string path, string type, string text)
    {
        if (!into.Types.TryGetValue(path, out var counts))
        {
            into.Types[path] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        counts[type] = counts.GetValueOrDefault(type) + 1;
        into.Last[path] = text;
    }

    /// <summary>The W&amp;B type name of a value, as <see cref="SegmentSummary"/> counts top-level values.</summary>
    private static string TypeOf(JsonValueKind kind, string raw) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "nil",
        JsonValueKind.Array => "list",
        _ => SegmentSummary.TypeTag(raw) ?? MapType,
    };
}
