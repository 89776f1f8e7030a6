using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// <c>historyKeys</c> from the segment summaries: <c>{"lastStep": N, "keys": {"loss": {"typeCounts": [{"type":
/// "number", "count": 205}], "previousValue": 0.001}}}</c>. <c>lastStep</c> is the largest finite <c>_step</c>
/// (−1 without any, so clients fetch no pages); <c>previousValue</c> is the key's value in the last row that has it.
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
}
