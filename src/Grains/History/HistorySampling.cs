using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// <c>sampledHistory</c>: the rows that have every requested key, cut down to at most <c>samples</c> rows. Where
/// W&amp;B samples blindly, this keeps the extremes: the rows are split into equal runs and, in each, the rows
/// holding the smallest and largest value of every numeric key are kept (plus the first and last row), so no
/// spike disappears from a plot made of the answer.
/// </summary>
internal static class HistorySampling
{
    private static readonly HashSet<string> Axes = new(StringComparer.Ordinal) { "_step", "_runtime", "_timestamp" };

    /// <summary>The JSON array of row objects for one spec.</summary>
    public static async Task<string> SampleAsync(HistoryStream stream, SampledHistorySpec spec)
    {
        var keys = spec.Keys.Distinct().ToArray();
        double min = spec.MinStep ?? double.NegativeInfinity, max = spec.MaxStep ?? double.PositiveInfinity;
        var bounded = spec.MinStep.HasValue || spec.MaxStep.HasValue;
        var summaries = await stream.SummariesAsync();
        var candidates = new List<Candidate>();
        for (var i = 0; i < summaries.Length; i++)
        {
            if (summaries[i] is not { } summary || !keys.All(k => Root(summary.Columns.ContainsKey, k) is not null))
            {
                continue;
            }

            if (bounded && (summary.Columns.GetValueOrDefault("_step") is not { Total.Count: > 0 } steps
                            || steps.Total.Max < min || steps.Total.Min > max))
            {
                continue;
            }

            var segment = (await stream.SegmentAsync(i))!;
            var access = keys.Select(k => KeyAccess.For(segment, k)).ToArray();
            var step = segment.Column("_step");
            for (var row = 0; row < segment.Length; row++)
            {
                if (!segment.HasRow(row))
                {
                    continue;
                }

                if (bounded && (step is null || !step.IsNumber(row) || step.Values[row] < min || step.Values[row] > max))
                {
                    continue;
                }

                if (access.All(a => a.Has(row)))
                {
                    candidates.Add(new Candidate(segment, row, access));
                }
            }
        }

        var chosen = Choose(candidates, keys, Math.Max(0, spec.Samples));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var index in chosen)
            {
                var candidate = candidates[index];
                writer.WriteStartObject();
                for (var k = 0; k < keys.Length; k++)
                {
                    writer.WritePropertyName(keys[k]);
                    LenientJson.WriteStandard(writer, candidate.Access[k].Text(candidate.Row)!);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Indexes of the rows to return, ascending.</summary>
    private static List<int> Choose(List<Candidate> candidates, string[] keys, int samples)
    {
        var n = candidates.Count;
        if (n <= samples)
        {
            return Enumerable.Range(0, n).ToList();
        }

        var metrics = Enumerable.Range(0, keys.Length).Where(k => !Axes.Contains(keys[k]) && candidates[0].Access[k].Column is not null).ToArray();
        if (metrics.Length == 0 || samples < 2 + (2 * metrics.Length))
        {
            return HistoryRows.Evenly(n, samples).Select(i => (int)i).ToList();
        }

        var buckets = Math.Max(1, (samples - 2) / (2 * metrics.Length));
        var chosen = new SortedSet<int> { 0, n - 1 };
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)((long)b * n / buckets);
            var end = (int)((long)(b + 1) * n / buckets);
            foreach (var k in metrics)
            {
                int low = -1, high = -1;
                double lowValue = double.PositiveInfinity, highValue = double.NegativeInfinity;
                for (var i = start; i < end; i++)
                {
                    var c = candidates[i];
                    var column = c.Access[k].Column;
                    if (column is null || !column.IsNumber(c.Row) || !double.IsFinite(column.Values[c.Row]))
                    {
                        continue;
                    }

                    var value = column.Values[c.Row];
                    if (value < lowValue)
                    {
                        (lowValue, low) = (value, i);
                    }

                    if (value > highValue)
                    {
                        (highValue, high) = (value, i);
                    }
                }

                if (low >= 0)
                {
                    chosen.Add(low);
                    chosen.Add(high);
                }
            }
        }

        return [.. chosen];
    }

    /// <summary>The column a key lives in: itself, or the longest dotted prefix of it that is a column.</summary>
    private static string? Root(Func<string, bool> isColumn, string key)
    {
        if (isColumn(key))
        {
            return key;
        }

        for (var dot = key.LastIndexOf('.'); dot > 0; dot = key.LastIndexOf('.', dot - 1))
        {
            if (isColumn(key[..dot]))
            {
                return key[..dot];
            }
        }

        return null;
    }

    private sealed record Candidate(HistorySegment Segment, int Row, KeyAccess[] Access);

    /// <summary>How one requested key is read from a segment: a whole column, or a path into its objects.</summary>
    private sealed class KeyAccess(HistoryColumn? column, HistoryColumn? root, string[] path)
    {
        /// <summary>The column when the key is one (numeric extremes need it); null for nested keys.</summary>
        public HistoryColumn? Column => column;

        public static KeyAccess For(HistorySegment segment, string key)
        {
            if (segment.Column(key) is { } direct)
            {
                return new KeyAccess(direct, direct, []);
            }

            var root = Root(name => segment.Column(name) is not null, key);
            return root is null
                ? new KeyAccess(null, null, [])
                : new KeyAccess(null, segment.Column(root), key[(root.Length + 1)..].Split('.'));
        }

        public bool Has(int row) => root is not null && root.Has(row) && (path.Length == 0 || Text(row) is not null);

        public string? Text(int row) =>
            root is null || !root.Has(row) ? null
            : path.Length == 0 ? root.Text(row)
            : root.Tags[row] == ValueTag.Object ? LenientJson.Resolve(root.Texts![row]!, path)
            : null;
    }
}
