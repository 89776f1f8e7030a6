using System.Text;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// A run's history at a branch point (<c>resume_from</c> and <c>fork_from="run?_step=N"</c>, docs/protocol/runs.md#rewind-and-fork):
/// the rows up to the first one whose <c>_step</c> is past the point, and the summary, tail and lines those rows leave.
/// </summary>
internal static class HistoryBranch
{
    /// <summary>
    /// How many rows the history keeps at <paramref name="step"/>: the index of the first row with a numeric
    /// <c>_step</c> greater than it (the clients log monotonic steps), or <paramref name="count"/> when none is.
    /// </summary>
    public static async Task<int> RowsThroughAsync(HistoryStream stream, double step, int count)
    {
        var summaries = await stream.SummariesAsync();
        for (var i = 0; i < summaries.Length; i++)
        {
            if (summaries[i]?.Columns.GetValueOrDefault("_step") is not { Total.Count: > 0 } steps || steps.Total.Max <= step)
            {
                continue;
            }

            var segment = (await stream.SegmentAsync(i))!;
            var column = segment.Column("_step")!;
            for (var row = 0; row < segment.Length; row++)
            {
                if (column.IsNumber(row) && column.Values[row] > step)
                {
                    return (int)Math.Min(count, segment.BaseRow + row);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// The summary the first <paramref name="rows"/> rows leave, as W&amp;B recomputes it: the stored summary without
    /// the keys history holds, then each of those keys' value in the last kept row that has it.
    /// </summary>
    public static async Task<string> SummaryAsync(HistoryStream stream, string summary, int rows)
    {
        var summaries = await stream.SummariesAsync();
        var keys = new HashSet<string>(summaries.Where(s => s is not null).SelectMany(s => s!.Columns.Keys), StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = Math.Min(summaries.Length, (rows + stream.SegmentRows - 1) / stream.SegmentRows) - 1; i >= 0 && values.Count < keys.Count; i--)
        {
            if (await stream.SegmentAsync(i) is not { } segment)
            {
                continue;
            }

            var end = (int)Math.Min(segment.Length, rows - segment.BaseRow);
            foreach (var column in segment.Columns)
            {
                if (values.ContainsKey(column.Name))
                {
                    continue;
                }

                for (var row = end - 1; row >= 0; row--)
                {
                    if (column.Has(row))
                    {
                        values[column.Name] = column.Text(row);
                        break;
                    }
                }
            }
        }

        var kept = JsonObjectMerge.Without(summary, keys);
        if (values.Count == 0)
        {
            return kept;
        }

        var text = new StringBuilder("{");
        foreach (var (rawKey, rawValue) in values)
        {
            text.Append(text.Length == 1 ? "\"" : ", \"").Append(rawKey).Append("\": ").Append(rawValue);
        }

        return JsonObjectMerge.Merge(kept, text.Append('}').ToString());
    }

    /// <summary>The last <paramref name="size"/> lines before row <paramref name="rows"/>, with their indexes.</summary>
    public static async Task<IReadOnlyList<TailLine>> TailAsync(HistoryStream stream, int rows, int size)
    {
        var tail = new List<TailLine>();
        var lines = await LinesAsync(stream, Math.Max(0, rows - size), Math.Min(rows, size));
        var first = Math.Max(0, rows - size);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is { } line)
            {
                tail.Add(new TailLine(first + i, line));
            }
        }

        return tail;
    }

    /// <summary>Rows <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1, null for gaps.</summary>
    public static async Task<IReadOnlyList<string?>> LinesAsync(HistoryStream stream, int from, int count)
    {
        var lines = new string?[Math.Max(0, count)];
        HistorySegment? segment = null;
        for (var i = 0; i < lines.Length; i++)
        {
            long row = from + i;
            var index = (int)(row / stream.SegmentRows);
            if (segment?.Index != index)
            {
                segment = await stream.SegmentAsync(index);
            }

            var within = (int)(row % stream.SegmentRows);
            lines[i] = segment is not null && within < segment.Length ? segment.Line(within) : null;
        }

        return lines;
    }
}
