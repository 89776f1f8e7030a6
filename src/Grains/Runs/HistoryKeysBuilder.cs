using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Builds the <c>historyKeys</c> object: <c>{"lastStep": N, "keys": {"loss": {"typeCounts": [{"type":
/// "number", "count": 205}], "previousValue": 0.001}}}</c>, with <c>lastStep</c> = the largest <c>_step</c>
/// (−1 without any). Bare NaN/Infinity values are reported as strings so the answer stays standard JSON.
/// </summary>
internal sealed class HistoryKeysBuilder
{
    private readonly Dictionary<string, KeyStats> _keys = new(StringComparer.Ordinal);
    private long _lastStep = -1;

    /// <summary>Counts the top-level values of one history line.</summary>
    public void Add(string line)
    {
        var builder = this;
        LenientJson.VisitMembers(line, ref builder, static (ref HistoryKeysBuilder b, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
            b.AddMember(rawKey, kind, raw));
    }

    /// <summary>The JSON text of the object.</summary>
    public string Build()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("lastStep", _lastStep);
            writer.WriteStartObject("keys");
            foreach (var (key, stats) in _keys)
            {
                writer.WriteStartObject(key);
                writer.WriteStartArray("typeCounts");
                foreach (var (type, count) in stats.TypeCounts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", type);
                    writer.WriteNumber("count", count);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WritePropertyName("previousValue");
                WriteValue(writer, stats.PreviousValue);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void AddMember(ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw)
    {
        var key = LenientJson.UnescapeKey(rawKey);
        if (key == "_step" && kind == JsonValueKind.Number && !LenientJson.IsNonStandardNumber(raw))
        {
            var step = LenientJson.ParseNumber(raw);
            if (step > _lastStep)
            {
                _lastStep = (long)step;
            }
        }

        if (!_keys.TryGetValue(key, out var stats))
        {
            _keys[key] = stats = new KeyStats();
        }

        var type = TypeName(kind, raw);
        var index = stats.TypeCounts.FindIndex(t => t.Type == type);
        if (index < 0)
        {
            stats.TypeCounts.Add((type, 1));
        }
        else
        {
            stats.TypeCounts[index] = (type, stats.TypeCounts[index].Count + 1);
        }

        stats.PreviousValue = raw.ToString();
    }

    private static string TypeName(JsonValueKind kind, ReadOnlySpan<char> raw) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "nil",
        JsonValueKind.Array => "list",

        // Media and tables carry their W&B type in "_type" (e.g. "image-file", "histogram").
        _ => TypeTag(raw) ?? "map",
    };

    private static string? TypeTag(ReadOnlySpan<char> rawObject)
    {
        string? tag = null;
        LenientJson.VisitMembers(rawObject, ref tag, static (ref string? t, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            if (kind == JsonValueKind.String && rawKey.SequenceEqual("_type"))
            {
                t = LenientJson.UnescapeKey(raw[1..^1]);
            }
        });
        return tag;
    }

    private static void WriteValue(Utf8JsonWriter writer, string raw)
    {
        if (LenientJson.IsNonStandardNumber(raw))
        {
            writer.WriteStringValue(raw);
            return;
        }

        try
        {
            writer.WriteRawValue(raw);
        }
        catch (JsonException)
        {
            // A nested NaN token: standard JSON cannot carry it as a value, so hand back the text.
            writer.WriteStringValue(raw);
        }
    }

    private sealed class KeyStats
    {
        public List<(string Type, int Count)> TypeCounts { get; } = new(1);
        public string PreviousValue { get; set; } = "null";
    }
}
