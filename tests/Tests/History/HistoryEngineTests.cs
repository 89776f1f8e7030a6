using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.History;

namespace Orleans.Wandb.Tests.History;

/// <summary>
/// The history engine against brute force over random histories (NaN and infinities, gaps, rewrites, repeated
/// and backward steps): exact lines, exact chart buckets on every x-axis and window, hot and cold from storage.
/// </summary>
public sealed class HistoryEngineTests
{
    private const int SegmentRows = 128;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_line_comes_back_exactly_as_written_hot_and_cold(int seed)
    {
        await using var fixture = new HistoryFixture();
        var history = Write(fixture, new RandomHistory(seed).Generate(700, backwardSteps: seed % 3 == 0));
        var expected = history.Lines.OfType<string>().ToList();

        await fixture.Run.ApplyPendingAsync();
        Assert.Equal(expected, await HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));

        await fixture.ReopenColdAsync();
        Assert.Equal(expected, await HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Chart_buckets_equal_brute_force_for_random_windows_bucket_counts_and_axes(int seed)
    {
        await using var fixture = new HistoryFixture();
        var history = Write(fixture, new RandomHistory(seed).Generate(900, backwardSteps: seed % 3 == 0));
        await fixture.Run.ApplyPendingAsync();
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            if (round == 20)
            {
                // Half the rounds read summaries and segments from storage, as a cold run does.
                await fixture.ReopenColdAsync();
            }

            var axis = new[] { "_step", "_runtime", "_timestamp", "acc" }[random.Next(4)];
            var values = history.Lines.Where(l => l is not null).Select(l => HistoryBruteForce.Number(l!, axis)).Where(v => v is { } d && double.IsFinite(d)).Select(v => v!.Value).ToList();
            double? lo = random.Next(3) == 0 || values.Count == 0 ? null : values[random.Next(values.Count)];
            double? hi = random.Next(3) == 0 || values.Count == 0 ? null : values[random.Next(values.Count)];
            if (lo > hi)
            {
                (lo, hi) = (hi, lo);
            }

            var query = new ChartQuery(["loss", "acc"], axis, lo, hi, random.Next(1, 60), RawPoints: random.Next(3) == 0 ? random.Next(0, 1200) : 0);
            var expected = HistoryBruteForce.Chart(history.Lines, query, SegmentRows);
            var actual = await HistoryCharts.BuildAsync(fixture.Run.History, query);
            AssertSameSeries(expected, actual, $"seed {seed} round {round} x={axis} [{lo}, {hi}] buckets={query.Buckets} raw={query.RawPoints}");
        }
    }

    [Fact]
    public async Task A_short_run_is_drawn_raw_within_the_point_budget_and_in_narrow_exact_buckets_beyond_it()
    {
        await using var fixture = new HistoryFixture();
        var lines = Enumerable.Range(0, 2000).Select(step => $"{{\"_step\":{step},\"lr\":{step * 1e-7}}}").ToArray();
        fixture.Write(0, lines);
        await fixture.Run.ApplyPendingAsync();

        var raw = (await HistoryCharts.BuildAsync(fixture.Run.History, new ChartQuery(["lr"], "_step", null, null, 300, RawPoints: 2000)))[0];
        Assert.False(raw.Bucketed);
        Assert.Equal(2000, raw.Points.Count);

        // Over the budget: buckets as narrow as the panel allows (4 rows for 500 buckets), never 64-row blocks.
        var bucketed = (await HistoryCharts.BuildAsync(fixture.Run.History, new ChartQuery(["lr"], "_step", null, null, 500, RawPoints: 1500)))[0];
        Assert.True(bucketed.Bucketed);
        Assert.Equal(500, bucketed.Points.Count);
        Assert.Equal(1996, bucketed.Points[^1].X);
        Assert.Equal(1999 * 1e-7, bucketed.Points[^1].Max, 12);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Step_window_pages_return_every_row_exactly_once(int seed)
    {
        await using var fixture = new HistoryFixture();
        var history = Write(fixture, new RandomHistory(seed).Generate(600, backwardSteps: false));
        await fixture.Run.ApplyPendingAsync();
        if (seed % 2 == 0)
        {
            await fixture.ReopenColdAsync();
        }

        var keys = JsonNode.Parse(await HistoryKeys.BuildAsync(fixture.Run.History))!;
        var lastStep = keys["lastStep"]!.GetValue<long>();
        var pageSize = 1 + (seed * 7 % 50);
        var scanned = new List<string>();
        for (long min = 0; min <= lastStep; min += pageSize)
        {
            scanned.AddRange(await HistoryRows.ReadAsync(fixture.Run.History, min, min + pageSize, pageSize * 10));
        }

        // Every row exactly once (pages come in step order, rewrites put rows out of line order). Rows without a
        // numeric _step are in no step window; this generator always writes one.
        Assert.Equal(history.Lines.OfType<string>().Order(StringComparer.Ordinal).ToList(), scanned.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Sampled_history_keeps_rows_with_every_key_and_each_metrics_extremes(int seed)
    {
        await using var fixture = new HistoryFixture();
        var history = Write(fixture, new RandomHistory(seed).Generate(800, backwardSteps: false));
        await fixture.Run.ApplyPendingAsync();
        var samples = 10 + (seed * 13 % 90);
        var answer = JsonNode.Parse(await HistorySampling.SampleAsync(fixture.Run.History, new SampledHistorySpec(["_step", "loss", "acc"], samples, null, null)))!.AsArray();

        var complete = history.Lines.Where(l => l is not null && HistoryBruteForce.Number(l, "loss") is not null && HistoryBruteForce.Number(l, "acc") is not null).ToList();
        Assert.True(answer.Count <= samples, $"{answer.Count} rows for {samples} samples");
        Assert.Equal(Math.Min(samples, complete.Count) == complete.Count ? complete.Count : answer.Count, answer.Count);
        Assert.All(answer, row => Assert.Equal(["_step", "loss", "acc"], row!.AsObject().Select(p => p.Key)));
        foreach (var metric in new[] { "loss", "acc" })
        {
            var finite = complete.Select(l => HistoryBruteForce.Number(l!, metric)!.Value).Where(double.IsFinite).ToList();
            var returned = answer.Select(r => r![metric]!).Where(v => v.GetValueKind() == JsonValueKind.Number).Select(v => v.GetValue<double>()).ToList();
            Assert.Contains(finite.Max(), returned);
            Assert.Contains(finite.Min(), returned);
        }

        // In line order: the answer's steps are a subsequence of the complete rows' steps.
        var all = complete.Select(l => (long)HistoryBruteForce.Number(l!, "_step")!.Value).ToList();
        var at = 0;
        foreach (var step in answer.Select(r => r!["_step"]!.GetValue<long>()))
        {
            while (at < all.Count && all[at] != step)
            {
                at++;
            }

            Assert.True(at++ < all.Count, "rows out of line order");
        }
    }

    [Fact]
    public async Task History_keys_report_last_step_type_counts_and_the_last_value_of_each_key()
    {
        await using var fixture = new HistoryFixture();
        fixture.Write(0, "{\"_step\": 0, \"loss\": NaN, \"img\": {\"_type\": \"image-file\"}}", "{\"_step\": 7, \"loss\": 0.5}");
        fixture.Write(300, "{\"_step\": 3, \"loss\": \"high\"}");
        await fixture.Run.ApplyPendingAsync();

        var keys = JsonNode.Parse(await HistoryKeys.BuildAsync(fixture.Run.History))!;
        Assert.Equal(7, keys["lastStep"]!.GetValue<long>());
        Assert.Equal("\"high\"", keys["keys"]!["loss"]!["previousValue"]!.ToJsonString());
        var counts = keys["keys"]!["loss"]!["typeCounts"]!.AsArray().ToDictionary(t => t!["type"]!.GetValue<string>(), t => t!["count"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["number"] = 2, ["string"] = 1 }, counts);
        Assert.Equal("image-file", keys["keys"]!["img"]!["typeCounts"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Numeric_columns_take_fewer_bytes_on_disk_than_the_json_sent()
    {
        await using var fixture = new HistoryFixture();
        var history = Write(fixture, new RandomHistory(42).Generate(2000, backwardSteps: false));
        await fixture.FlushAsync();
        var sent = history.Writes.Sum(w => w.Lines.Sum(l => (long)System.Text.Encoding.UTF8.GetByteCount(l)));
        var stored = await fixture.Store.SizeOfRunAsync("test/proj/run1");
        Assert.True(stored < sent / 2, $"stored {stored} bytes for {sent} bytes of JSON");
    }

    [Fact]
    public async Task A_damaged_segment_is_reported_as_invalid_data_never_read_as_rows()
    {
        await using var fixture = new HistoryFixture();
        Write(fixture, new RandomHistory(3).Generate(300, backwardSteps: false));
        await fixture.ReopenColdAsync();
        foreach (var file in Directory.GetFiles(fixture.Path, "*.seg", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[^5] ^= 0xFF;
            await File.WriteAllBytesAsync(file, bytes);
        }

        // The run grain answers this by rebuilding from the run log (HistoryRecoveryTests).
        await Assert.ThrowsAsync<InvalidDataException>(() => HistoryRows.ReadAsync(fixture.Run.History, null, null, 0));
    }

    private static RandomHistory Write(HistoryFixture fixture, RandomHistory history)
    {
        foreach (var (offset, lines) in history.Writes)
        {
            fixture.Write(offset, lines);
        }

        return history;
    }

    private static void AssertSameSeries(IReadOnlyList<ChartSeries> expected, IReadOnlyList<ChartSeries> actual, string where)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var s = 0; s < expected.Count; s++)
        {
            var (e, a) = (expected[s], actual[s]);
            Assert.True(e.Bucketed == a.Bucketed && e.Points.Count == a.Points.Count,
                $"{where} {e.Metric}: expected {e.Points.Count} points (bucketed {e.Bucketed}), got {a.Points.Count} (bucketed {a.Bucketed})");
            for (var i = 0; i < e.Points.Count; i++)
            {
                var (p, q) = (e.Points[i], a.Points[i]);
                var sameMean = Math.Abs(p.Mean - q.Mean) <= 1e-9 * Math.Max(1, Math.Abs(p.Mean));
                Assert.True(p.X == q.X && p.Min == q.Min && p.Max == q.Max && p.Last == q.Last && p.Count == q.Count && sameMean,
                    $"{where} {e.Metric} point {i}: expected {p}, got {q}");
            }
        }
    }
}
