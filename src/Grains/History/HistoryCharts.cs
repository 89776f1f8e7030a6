using Orleans.Wandb.Contracts.Charts;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// Chart series from segment summaries (the web app's chart endpoint; the W&amp;B clients have no equivalent).
/// </summary>
/// <remarks>
/// <para><b>Summary path.</b> When the x-axis is present and finite in every row and never decreases in row order
/// (<c>_step</c>, <c>_runtime</c> and <c>_timestamp</c> of ordinary runs, repeated steps included), the window
/// <c>[XMin, XMax]</c> is a contiguous range of rows (up to the last row written, not the end of the last segment).
/// Buckets are then aligned runs of <c>2^k</c> rows, the smallest width giving at most <c>Buckets</c> of them.
/// From 64 rows up every bucket but the two at the window's edges is a union of stored block or segment summaries:
/// min, max, count and sum are exact (every spike stays visible) and the cost is O(buckets) summaries plus at most
/// two partially covered blocks, whatever the run's length. Narrower buckets (a short run in a wide panel) are
/// computed from the rows, which are then fewer than 64 × <c>Buckets</c>. A bucket's x is the x of its first row,
/// its last is the metric's last value in row order.</para>
/// <para><b>Raw points.</b> A window holding no more than <c>max(Buckets, RawPoints)</c> points of a metric is
/// answered raw, so a chart draws every logged value up to its point budget and buckets only beyond it.</para>
/// <para><b>Scan path.</b> Otherwise (steps that go back, as after a JS resume; an x-axis metric missing from some
/// rows; any non-monotone metric as x) the rows are a scatter: the x and y columns of the segments whose x range
/// meets the window are read and bucketed exactly by equal x width, as before. Exact, but proportional to the
/// rows read.</para>
/// <para>Both paths count only rows where x and y are finite: NaN and ±Infinity are stored and returned by history
/// reads but never drawn. Gaps (line offsets never written) are simply absent rows.</para>
/// </remarks>
internal static class HistoryCharts
{
    public static async Task<IReadOnlyList<ChartSeries>> BuildAsync(HistoryStream stream, ChartQuery query)
    {
        var summaries = await stream.SummariesAsync();
        var buckets = Math.Max(1, query.Buckets);
        var rawLimit = Math.Max(buckets, query.RawPoints);
        long rows = 0, end = 0;
        var xs = ColumnStats.Empty;
        foreach (var summary in summaries)
        {
            if (summary is not null)
            {
                rows += summary.RowCount;
                xs = xs.Then(summary.Columns.GetValueOrDefault(query.XAxis)?.Total ?? ColumnStats.Empty);
                end = summary.BaseRow + summary.Length;
            }
        }

        var series = new List<ChartSeries>(query.Metrics.Count);
        if (rows == 0 || xs.Count != rows || !xs.Monotone)
        {
            foreach (var metric in query.Metrics)
            {
                series.Add(await ScanAsync(stream, summaries, query, metric, buckets, rawLimit));
            }

            return series;
        }

        var r0 = query.XMin is { } low ? await FirstRowAsync(stream, summaries, query.XAxis, low, inclusive: true) : 0;
        var r1 = Math.Min(end, query.XMax is { } high ? await FirstRowAsync(stream, summaries, query.XAxis, high, inclusive: false) : end);
        foreach (var metric in query.Metrics)
        {
            var total = r0 < r1 ? await RangeAsync(stream, summaries, metric, r0, r1) : ColumnStats.Empty;
            if (total.Count <= rawLimit)
            {
                series.Add(new ChartSeries(metric, false, await RawAsync(stream, summaries, query.XAxis, metric, r0, r1)));
                continue;
            }

            long width = 1;
            while (((r1 - 1) / width) - (r0 / width) + 1 > buckets)
            {
                width *= 2;
            }

            var points = new List<ChartPoint>();
            for (var a = r0; a < r1;)
            {
                var b = Math.Min(r1, ((a / width) + 1) * width);
                var y = await RangeAsync(stream, summaries, metric, a, b);
                if (y.Count > 0)
                {
                    var x = await RangeAsync(stream, summaries, query.XAxis, a, b);
                    points.Add(new ChartPoint(x.First, y.Min, y.Max, y.Mean, y.Last, y.Count));
                }

                a = b;
            }

            series.Add(new ChartSeries(metric, true, points));
        }

        return series;
    }

    /// <summary>The stats of a column over rows <c>[a, b)</c>: whole segments and blocks from summaries, edges from rows.</summary>
    public static async ValueTask<ColumnStats> RangeAsync(HistoryStream stream, SegmentSummary?[] summaries, string column, long a, long b)
    {
        var cap = stream.SegmentRows;
        var stats = ColumnStats.Empty;
        var last = Math.Min(summaries.Length - 1, (b - 1) / cap);
        for (var s = (int)(a / cap); s <= last; s++)
        {
            if (summaries[s]?.Columns.GetValueOrDefault(column) is not { } summary)
            {
                continue;
            }

            var start = (long)s * cap;
            var lo = (int)(Math.Max(a, start) - start);
            var hi = (int)(Math.Min(b, start + cap) - start);
            if (lo == 0 && hi == cap)
            {
                stats = stats.Then(summary.Total);
                continue;
            }

            for (var block = lo / SegmentSummary.BlockRows; block <= (hi - 1) / SegmentSummary.BlockRows; block++)
            {
                var blockStart = block * SegmentSummary.BlockRows;
                var blockEnd = blockStart + SegmentSummary.BlockRows;
                if (lo <= blockStart && blockEnd <= hi)
                {
                    stats = stats.Then(summary.Blocks[block]);
                    continue;
                }

                if (summary.Blocks[block].Count == 0)
                {
                    continue;
                }

                var cells = (await stream.SegmentAsync(s))!.Column(column)!;
                var partial = ColumnStats.Empty;
                for (var row = Math.Max(lo, blockStart); row < Math.Min(hi, blockEnd); row++)
                {
                    if (cells.IsNumber(row))
                    {
                        partial.Add(cells.Values[row]);
                    }
                }

                stats = stats.Then(partial);
            }
        }

        return stats;
    }

    /// <summary>The first row whose x is ≥ (or, not inclusive, &gt;) <paramref name="value"/>, for a dense monotone x.</summary>
    private static async ValueTask<long> FirstRowAsync(HistoryStream stream, SegmentSummary?[] summaries, string axis, double value, bool inclusive)
    {
        bool After(double x) => inclusive ? x >= value : x > value;
        var cap = stream.SegmentRows;
        for (var s = 0; s < summaries.Length; s++)
        {
            if (summaries[s]?.Columns.GetValueOrDefault(axis) is not { Total.Count: > 0 } summary || !After(summary.Total.Last))
            {
                continue;
            }

            for (var block = 0; block < summary.Blocks.Length; block++)
            {
                if (summary.Blocks[block].Count == 0 || !After(summary.Blocks[block].Last))
                {
                    continue;
                }

                var cells = (await stream.SegmentAsync(s))!.Column(axis)!;
                for (var row = block * SegmentSummary.BlockRows; row < (block + 1) * SegmentSummary.BlockRows; row++)
                {
                    if (cells.IsNumber(row) && After(cells.Values[row]))
                    {
                        return ((long)s * cap) + row;
                    }
                }
            }
        }

        return (long)summaries.Length * cap;
    }

    private static async Task<IReadOnlyList<ChartPoint>> RawAsync(HistoryStream stream, SegmentSummary?[] summaries, string axis, string metric, long r0, long r1)
    {
        var cap = stream.SegmentRows;
        var points = new List<ChartPoint>();
        for (var s = (int)(r0 / cap); s < summaries.Length && (long)s * cap < r1; s++)
        {
            if (summaries[s]?.Columns.GetValueOrDefault(metric) is not { Total.Count: > 0 })
            {
                continue;
            }

            var segment = (await stream.SegmentAsync(s))!;
            var x = segment.Column(axis)!;
            var y = segment.Column(metric)!;
            var start = (long)s * cap;
            for (var row = (int)Math.Max(0, r0 - start); row < Math.Min(cap, r1 - start) && row < segment.Length; row++)
            {
                if (y.IsNumber(row) && double.IsFinite(y.Values[row]) && x.IsNumber(row) && double.IsFinite(x.Values[row]))
                {
                    var v = y.Values[row];
                    points.Add(new ChartPoint(x.Values[row], v, v, v, v, 1));
                }
            }
        }

        return points;
    }

    private static async Task<ChartSeries> ScanAsync(HistoryStream stream, SegmentSummary?[] summaries, ChartQuery query, string metric, int buckets, int rawLimit)
    {
        double low = query.XMin ?? double.NegativeInfinity, high = query.XMax ?? double.PositiveInfinity;
        var pairs = new List<(double X, double Y)>();
        for (var s = 0; s < summaries.Length; s++)
        {
            if (summaries[s] is not { } summary
                || summary.Columns.GetValueOrDefault(metric) is not { Total.Count: > 0 }
                || summary.Columns.GetValueOrDefault(query.XAxis) is not { Total.Count: > 0 } xs
                || xs.Total.Max < low || xs.Total.Min > high)
            {
                continue;
            }

            var segment = (await stream.SegmentAsync(s))!;
            var x = segment.Column(query.XAxis)!;
            var y = segment.Column(metric)!;
            for (var row = 0; row < segment.Length; row++)
            {
                if (x.IsNumber(row) && y.IsNumber(row))
                {
                    var (xv, yv) = (x.Values[row], y.Values[row]);
                    if (double.IsFinite(xv) && double.IsFinite(yv) && xv >= low && xv <= high)
                    {
                        pairs.Add((xv, yv));
                    }
                }
            }
        }

        return Reduce(metric, pairs, buckets, rawLimit);
    }

    /// <summary>Equal-width x buckets over the points' x range; rows of equal x keep their logged order.</summary>
    private static ChartSeries Reduce(string metric, List<(double X, double Y)> points, int buckets, int rawLimit)
    {
        var ordered = points.OrderBy(p => p.X).ToList();
        if (ordered.Count <= rawLimit)
        {
            return new ChartSeries(metric, false, ordered.Select(p => new ChartPoint(p.X, p.Y, p.Y, p.Y, p.Y, 1)).ToArray());
        }

        var first = ordered[0].X;
        var width = (ordered[^1].X - first) / buckets;
        int BucketOf(double x) => width > 0 ? Math.Min(buckets - 1, (int)((x - first) / width)) : 0;
        var result = new List<ChartPoint>(buckets);
        var index = 0;
        while (index < ordered.Count)
        {
            var bucket = BucketOf(ordered[index].X);
            var x = ordered[index].X;
            var stats = ColumnStats.Empty;
            while (index < ordered.Count && BucketOf(ordered[index].X) == bucket)
            {
                stats.Add(ordered[index].Y);
                index++;
            }

            result.Add(new ChartPoint(x, stats.Min, stats.Max, stats.Mean, stats.Last, stats.Count));
        }

        return new ChartSeries(metric, true, result);
    }
}
