using System.Text.Json;
using Orleans.Wandb.Contracts.Charts;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Chart series computed exactly from the stored lines: per metric, the (x, y) pairs of the rows where both
/// are finite numbers inside the window, as raw points when there are at most <c>Buckets</c> of them, otherwise
/// reduced to equal-width x buckets whose min and max are the true extremes of their rows. This reads every row
/// of the window; the history engine of the read-side issue answers the same question from summaries.
/// </summary>
internal static class ChartBuilder
{
    public static IReadOnlyList<ChartSeries> Build(IReadOnlyList<string?> lines, ChartQuery query)
    {
        var series = new List<ChartSeries>(query.Metrics.Count);
        var pairs = new List<(double X, double Y)>[query.Metrics.Count];
        for (var m = 0; m < pairs.Length; m++)
        {
            pairs[m] = [];
        }

        var row = new RowValues(query.XAxis, query.Metrics);
        foreach (var line in lines)
        {
            if (line is null)
            {
                continue;
            }

            row.Reset();
            LenientJson.VisitMembers(line, ref row, static (ref RowValues r, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) => r.Take(rawKey, kind, raw));
            if (row.X is not { } x || !double.IsFinite(x) || x < (query.XMin ?? double.NegativeInfinity) || x > (query.XMax ?? double.PositiveInfinity))
            {
                continue;
            }

            for (var m = 0; m < pairs.Length; m++)
            {
                if (row.Values[m] is { } y && double.IsFinite(y))
                {
                    pairs[m].Add((x, y));
                }
            }
        }

        for (var m = 0; m < pairs.Length; m++)
        {
            series.Add(Reduce(query.Metrics[m], pairs[m], query.Buckets));
        }

        return series;
    }

    private static ChartSeries Reduce(string metric, List<(double X, double Y)> points, int buckets)
    {
        // Stable: rows with equal x keep their logged order, so "last" is the last logged value.
        var ordered = points.OrderBy(p => p.X).ToList();
        if (buckets <= 0 || ordered.Count <= buckets)
        {
            return new ChartSeries(metric, false, ordered.Select(p => new ChartPoint(p.X, p.Y, p.Y, p.Y, p.Y, 1)).ToArray());
        }

        var first = ordered[0].X;
        var width = (ordered[^1].X - first) / buckets;
        var result = new List<ChartPoint>(buckets);
        var index = 0;
        while (index < ordered.Count)
        {
            var bucket = width > 0 ? Math.Min(buckets - 1, (int)((ordered[index].X - first) / width)) : 0;
            var x = ordered[index].X;
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, last = 0;
            long count = 0;
            while (index < ordered.Count && (width > 0 ? Math.Min(buckets - 1, (int)((ordered[index].X - first) / width)) : 0) == bucket)
            {
                var y = ordered[index].Y;
                min = Math.Min(min, y);
                max = Math.Max(max, y);
                sum += y;
                last = y;
                count++;
                index++;
            }

            result.Add(new ChartPoint(x, min, max, sum / count, last, count));
        }

        return new ChartSeries(metric, true, result);
    }

    /// <summary>The x value and the requested metrics of one row, gathered in one pass over its members.</summary>
    private struct RowValues(string xAxis, IReadOnlyList<string> metrics)
    {
        public double? X;
        public readonly double?[] Values = new double?[metrics.Count];

        public void Reset()
        {
            X = null;
            Array.Clear(Values);
        }

        public void Take(ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw)
        {
            if (kind != JsonValueKind.Number)
            {
                return;
            }

            var key = LenientJson.UnescapeKey(rawKey);
            if (key == xAxis)
            {
                X = LenientJson.ParseNumber(raw);
            }

            for (var m = 0; m < metrics.Count; m++)
            {
                if (metrics[m] == key)
                {
                    Values[m] = LenientJson.ParseNumber(raw);
                }
            }
        }
    }
}
