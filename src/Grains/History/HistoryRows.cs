namespace Orleans.Wandb.Grains.History;

/// <summary>
/// Row reads: <c>history(samples)</c> and <c>history(minStep, maxStep, samples)</c> (docs/protocol/runs.md#history). Only the
/// segments a read needs are decoded: unbounded samples pick rows by ordinal from the summaries' row counts, and
/// step windows skip every segment whose <c>_step</c> range misses the window (exact whatever the step order).
/// </summary>
internal static class HistoryRows
{
    /// <summary>
    /// The lines with <c>minStep ≤ _step &lt; maxStep</c> (with no bound: every line, with or without <c>_step</c>) in
    /// line order, reduced to at most <paramref name="samples"/> evenly spaced ones keeping the first and last
    /// (<c>samples ≤ 0</c>: no limit).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(HistoryStream stream, long? minStep, long? maxStep, int samples)
    {
        var summaries = await stream.SummariesAsync();
        var rows = new List<(int Segment, int Row)>();
        if (minStep is null && maxStep is null)
        {
            var total = summaries.Sum(s => s?.RowCount ?? 0);
            var ordinals = Evenly(total, samples);
            var segment = 0;
            long before = 0;
            foreach (var ordinal in ordinals)
            {
                while (ordinal >= before + (summaries[segment]?.RowCount ?? 0))
                {
                    before += summaries[segment]?.RowCount ?? 0;
                    segment++;
                }

                rows.Add((segment, (int)(ordinal - before)));
            }

            return await LinesByOrdinalAsync(stream, rows);
        }

        double min = minStep ?? double.NegativeInfinity, max = maxStep ?? double.PositiveInfinity;
        for (var i = 0; i < summaries.Length; i++)
        {
            if (summaries[i]?.Columns.GetValueOrDefault("_step") is not { Total.Count: > 0 } steps
                || steps.Total.Max < min || steps.Total.Min >= max)
            {
                continue;
            }

            var segment = (await stream.SegmentAsync(i))!;
            var column = segment.Column("_step")!;
            for (var row = 0; row < segment.Length; row++)
            {
                if (column.IsNumber(row) && column.Values[row] >= min && column.Values[row] < max)
                {
                    rows.Add((i, row));
                }
            }
        }

        var lines = new List<string>();
        foreach (var ordinal in Evenly(rows.Count, samples))
        {
            var (segmentIndex, row) = rows[(int)ordinal];
            lines.Add((await stream.SegmentAsync(segmentIndex))!.Line(row)!);
        }

        return lines;
    }

    /// <summary>At most <paramref name="samples"/> evenly spaced ordinals of <paramref name="count"/>, first and last included.</summary>
    public static IEnumerable<long> Evenly(long count, int samples)
    {
        if (samples <= 0 || count <= samples)
        {
            for (long i = 0; i < count; i++)
            {
                yield return i;
            }

            yield break;
        }

        if (samples == 1)
        {
            yield return 0;
            yield break;
        }

        // i*(n-1)/(s-1): strictly increasing because n > s, ending exactly at n-1.
        for (var i = 0; i < samples; i++)
        {
            yield return (long)((Int128)i * (count - 1) / (samples - 1));
        }
    }

    private static async Task<IReadOnlyList<string>> LinesByOrdinalAsync(HistoryStream stream, List<(int Segment, int Ordinal)> picks)
    {
        var lines = new List<string>(picks.Count);
        HistorySegment? segment = null;
        var segmentIndex = -1;
        var row = -1;
        var ordinal = -1;
        foreach (var (index, wanted) in picks)
        {
            if (index != segmentIndex)
            {
                segment = (await stream.SegmentAsync(index))!;
                segmentIndex = index;
                row = -1;
                ordinal = -1;
            }

            while (ordinal < wanted)
            {
                row++;
                if (segment!.HasRow(row))
                {
                    ordinal++;
                }
            }

            lines.Add(segment!.Line(row)!);
        }

        return lines;
    }
}
