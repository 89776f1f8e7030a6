using System.Text.Json;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Tests.History;

/// <summary>
/// The documented chart semantics computed the slow, obvious way from the stored lines alone: no segments, no
/// summaries, no edges. Engine answers must equal these exactly.
/// </summary>
public static class HistoryBruteForce
{
    public static List<ChartSeries> Chart(IReadOnlyList<string?> lines, ChartQuery query, int segmentRows)
    {
        var rows = lines.Select((line, index) => (Index: index, Line: line)).Where(r => r.Line is not null).ToList();
        var x = rows.Select(r => Number(r.Line!, query.XAxis)).ToList();
        var finite = x.All(v => v is { } d && double.IsFinite(d));
        var monotone = finite && x.Zip(x.Skip(1)).All(p => p.First <= p.Second);
        var result = new List<ChartSeries>();
        foreach (var metric in query.Metrics)
        {
            var y = rows.Select(r => Number(r.Line!, metric)).ToList();
            if (rows.Count > 0 && monotone)
            {
                result.Add(Aligned(rows.Select(r => r.Index).ToList(), x.Select(v => v!.Value).ToList(), y, metric, query, rows[^1].Index + 1));
            }
            else
            {
                result.Add(Scatter(x, y, metric, query));
            }
        }

        return result;
    }

    private static ChartSeries Aligned(List<int> index, List<double> x, List<double?> y, string metric, ChartQuery query, long lastRowEnd)
    {
        long r0 = query.XMin is { } lo ? index.Where((_, i) => x[i] >= lo).DefaultIfEmpty(int.MaxValue).Min() : 0;
        long r1 = query.XMax is { } hi ? index.Where((_, i) => x[i] > hi).DefaultIfEmpty(int.MaxValue).Min() : long.MaxValue;
        var inWindow = Enumerable.Range(0, index.Count).Where(i => index[i] >= r0 && index[i] < r1).ToList();
        var points = inWindow.Where(i => y[i] is { } v && double.IsFinite(v)).ToList();
        if (points.Count <= Math.Max(query.Buckets, query.RawPoints))
        {
            return new ChartSeries(metric, false, points.Select(i => new ChartPoint(x[i], y[i]!.Value, y[i]!.Value, y[i]!.Value, y[i]!.Value, 1)).ToList());
        }

        // Bucket widths count rows up to the first row past XMax, or else to the last row written.
        var end = Math.Min(r1, lastRowEnd);
        var first = (long)index[inWindow[0]];
        r0 = Math.Min(r0, first);
        long width = 1;
        while (((end - 1) / width) - (r0 / width) + 1 > query.Buckets)
        {
            width *= 2;
        }

        var result = new List<ChartPoint>();
        foreach (var bucket in inWindow.GroupBy(i => index[i] / width).OrderBy(g => g.Key))
        {
            var values = bucket.Where(i => y[i] is { } v && double.IsFinite(v)).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var ys = values.Select(i => y[i]!.Value).ToList();
            result.Add(new ChartPoint(x[bucket.First()], ys.Min(), ys.Max(), ys.Sum() / ys.Count, ys[^1], ys.Count));
        }

        return new ChartSeries(metric, true, result);
    }

    private static ChartSeries Scatter(List<double?> x, List<double?> y, string metric, ChartQuery query)
    {
        double lo = query.XMin ?? double.NegativeInfinity, hi = query.XMax ?? double.PositiveInfinity;
        var points = x.Zip(y).Where(p => p.First is { } a && p.Second is { } b && double.IsFinite(a) && double.IsFinite(b) && a >= lo && a <= hi)
            .Select(p => (X: p.First!.Value, Y: p.Second!.Value)).OrderBy(p => p.X).ToList();
        if (points.Count <= Math.Max(query.Buckets, query.RawPoints))
        {
            return new ChartSeries(metric, false, points.Select(p => new ChartPoint(p.X, p.Y, p.Y, p.Y, p.Y, 1)).ToList());
        }

        var start = points[0].X;
        var width = (points[^1].X - start) / query.Buckets;
        var result = points.GroupBy(p => width > 0 ? Math.Min(query.Buckets - 1, (int)((p.X - start) / width)) : 0)
            .Select(g => new ChartPoint(g.First().X, g.Min(p => p.Y), g.Max(p => p.Y), g.Sum(p => p.Y) / g.Count(), g.Last().Y, g.Count()))
            .ToList();
        return new ChartSeries(metric, true, result);
    }

    public static double? Number(string line, string key)
    {
        double? found = null;
        var state = (Key: key, Found: found);
        LenientJson.VisitMembers(line, ref state, static (ref (string Key, double? Found) s, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            if (kind == JsonValueKind.Number && LenientJson.UnescapeKey(rawKey) == s.Key)
            {
                s.Found = LenientJson.ParseNumber(raw);
            }
        });
        return state.Found;
    }
}
