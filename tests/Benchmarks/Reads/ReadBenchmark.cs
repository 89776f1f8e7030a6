using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Projects;
using Orleans.Wandb.Grains.Runs;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Benchmarks.Reads;

/// <summary>
/// The read side in process, each figure next to a naive baseline that reads every row and buckets it: charts
/// over a long run (engine warm, as with the run grain active, and cold from storage), 20 runs on one chart,
/// step-window paging, bytes on disk per row, and run-table queries over many runs.
/// </summary>
public static class ReadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var steps = Option(args, "--steps", 1_000_000);
        var runs = Option(args, "--runs", 100_000);
        var repeats = Option(args, "--repeats", 50);
        var dataDir = Path.Combine(Path.GetTempPath(), "wandb-read-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            RunTable(runs, repeats);
            await HistoryAsync(dataDir, steps, repeats);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task HistoryAsync(string dataDir, int steps, int repeats)
    {
        var options = new HistoryOptions();
        var store = new FileHistorySegmentStore(Options.Create(new StorageOptions { DataDir = dataDir }));
        await using var writer = new HistoryWriter(store);
        var cache = new HistoryCache(Options.Create(options));
        Console.WriteLine($"History: one run of {steps:N0} steps, 20 metrics per row (Python-formatted floats), segments of {options.SegmentRows} rows");
        var lines = new List<string>(steps);
        var random = new Random(1);
        long jsonBytes = 0;
        for (var step = 0; step < steps; step++)
        {
            var metrics = string.Join(", ", Enumerable.Range(0, 17).Select(m => $"\"m{m}\": {random.NextDouble().ToString("R", CultureInfo.InvariantCulture)}"));
            var line = $"{{\"loss\": {(1.0 / (step + 1)).ToString("R", CultureInfo.InvariantCulture)}, {metrics}, \"_runtime\": {(step * 0.01).ToString("R", CultureInfo.InvariantCulture)}, \"_step\": {step}}}";
            lines.Add(line);
            jsonBytes += line.Length;
        }

        var sw = Stopwatch.StartNew();
        var run = new RunHistory("bench/proj/long", store, writer, cache, options);
        await run.LoadAsync();
        for (var offset = 0; offset < steps; offset += 1000)
        {
            run.Accept([new FileChunk(StreamFiles.History, offset, lines.GetRange(offset, Math.Min(1000, steps - offset)))], offset + 1);
        }

        await run.FlushAsync();
        Console.WriteLine($"  compaction of all rows: {sw.Elapsed.TotalSeconds:F1} s ({steps / sw.Elapsed.TotalSeconds:N0} rows/s, one core)");
        var stored = await store.SizeOfRunAsync("bench/proj/long");
        Console.WriteLine($"  disk: {stored / (double)steps:F1} bytes/row stored vs {jsonBytes / (double)steps:F1} bytes/row of JSON sent ({jsonBytes / (double)stored:F1}x smaller)");

        var query = new ChartQuery(["loss"], "_step", null, null, 1000);
        var hot = await TimeAsync(repeats, () => HistoryCharts.BuildAsync(run.History, query));
        Print("  chart, 1 metric, 1,000 buckets, warm (run active)", hot);
        var window = new ChartQuery(["loss"], "_step", steps * 0.3137, steps * 0.7211, 1000);
        Print("  chart of a window [31%, 72%], warm", await TimeAsync(repeats, () => HistoryCharts.BuildAsync(run.History, window)));

        var cold = await TimeAsync(Math.Max(5, repeats / 5), async () =>
        {
            using var fresh = new HistoryCache(Options.Create(options));
            var again = new RunHistory("bench/proj/long", store, writer, fresh, options);
            await again.LoadAsync();
            return await HistoryCharts.BuildAsync(again.History, query);
        });
        Print("  chart, 1 metric, 1,000 buckets, cold from storage (manifest, summaries)", cold);

        var twenty = await TimeAsync(Math.Max(5, repeats / 5), async () =>
        {
            var tasks = Enumerable.Range(0, 20).Select(_ => HistoryCharts.BuildAsync(run.History, query));
            return await Task.WhenAll(tasks);
        });
        Print("  20 runs of 1M steps on one chart (engine warm, 2 cores)", twenty);

        var naive = await TimeAsync(3, () => Task.FromResult(NaiveChart(lines, "loss", 1000)));
        Print("  baseline: parse every row and bucket it", naive);

        var pageSize = 1000;
        var pages = Math.Min(steps / pageSize, 300);
        sw.Restart();
        var rows = 0;
        for (var page = 0; page < pages; page++)
        {
            rows += (await HistoryRows.ReadAsync(run.History, (long)page * pageSize, (long)(page + 1) * pageSize, pageSize)).Count;
        }

        Console.WriteLine($"  history paging, pages of {pageSize:N0} rows: {rows / sw.Elapsed.TotalSeconds:N0} rows/s ({pages} pages)");
        cache.Dispose();
    }

    private static void RunTable(int runs, int repeats)
    {
        Console.WriteLine($"Run table: {runs:N0} runs, 10 config keys (wrapped), 10 summary metrics each");
        var random = new Random(2);
        var table = new RunTable();
        var sw = Stopwatch.StartNew();
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < runs; i++)
        {
            var config = "{" + string.Join(", ", Enumerable.Range(0, 10).Select(k => k == 0
                ? $"\"optimizer\": {{\"desc\": null, \"value\": \"{(i % 3 == 0 ? "adam" : "sgd")}\"}}"
                : $"\"c{k}\": {{\"desc\": null, \"value\": {random.Next(100)}}}")) + ", \"_wandb\": {\"value\": {\"cli_version\": \"0.16.6\"}}}";
            var summary = "{" + string.Join(", ", Enumerable.Range(0, 10).Select(k => $"\"s{k}\": {random.NextDouble().ToString("R", CultureInfo.InvariantCulture)}")) + ", \"acc\": " + random.NextDouble().ToString("R", CultureInfo.InvariantCulture) + "}";
            table.Upsert(new RunRow { Id = i + 1, Name = $"run{i:D6}", CreatedAt = t0.AddSeconds(i), Config = config, SummaryMetrics = summary, State = i % 5 == 0 ? "running" : "finished" });
        }

        Console.WriteLine($"  loading: {sw.Elapsed.TotalSeconds:F1} s; managed heap {GC.GetTotalMemory(true) / (1024.0 * 1024):N0} MiB");
        var filter = RunFilter.Parse("{\"$and\": [{\"config.optimizer\": \"adam\"}, {\"config.c1\": {\"$gte\": 20}}]}");
        var order = RunOrder.Parse("-summary_metrics.acc");
        var times = new List<double>();
        RunPage? last = null;
        for (var i = 0; i < repeats; i++)
        {
            sw.Restart();
            last = table.Query(filter, order, 50, null);
            var count = table.Query(filter, order, 0, null).TotalCount;
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (count != last.TotalCount)
            {
                throw new InvalidOperationException("count mismatch");
            }

            // Keep streaming runs honest: a row changes between queries, as run grains push summaries.
            var slot = random.Next(runs);
            table.Upsert(new RunRow { Id = slot + 1, Name = $"run{slot:D6}", CreatedAt = t0.AddSeconds(slot), Config = "{\"optimizer\": {\"value\": \"adam\"}, \"c1\": {\"value\": 50}}", SummaryMetrics = "{\"acc\": 0.5}" });
        }

        Print($"  filter config.optimizer=adam and config.c1>=20, sort -summary_metrics.acc, page of 50 + count ({last!.TotalCount:N0} match)", times);
        var next = table.Query(filter, order, 50, RunSortKey.FromCursor(last.Rows[^1].Cursor, order));
        Console.WriteLine($"  next page continues after the cursor: {next.Rows.Count} rows, first acc below last page's: {next.Rows.Count > 0}");
    }

    private static List<ChartPoint> NaiveChart(List<string> lines, string metric, int buckets)
    {
        var points = new List<(double X, double Y)>();
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            points.Add((root.GetProperty("_step").GetDouble(), root.GetProperty(metric).GetDouble()));
        }

        var first = points[0].X;
        var width = (points[^1].X - first) / buckets;
        return points.GroupBy(p => Math.Min(buckets - 1, (int)((p.X - first) / width)))
            .Select(g => new ChartPoint(g.First().X, g.Min(p => p.Y), g.Max(p => p.Y), g.Average(p => p.Y), g.Last().Y, g.Count())).ToList();
    }

    private static async Task<List<double>> TimeAsync<T>(int repeats, Func<Task<T>> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static void Print(string what, List<double> times)
    {
        times.Sort();
        var p50 = times[times.Count / 2];
        var p99 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)];
        Console.WriteLine($"{what}: p50 {p50:F2} ms, p99 {p99:F2} ms ({times.Count} runs)");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
