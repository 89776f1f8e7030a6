using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Benchmarks.Media;

/// <summary>
/// A page of a 100,000-row table as the server serves it (<see cref="TableIndexes"/>: the table indexed once on disk,
/// then each page read from the index), next to the two baselines of the same run — streaming the stored table for
/// every page (<see cref="TablePager"/>, what the server did before) and loading the whole table into memory
/// (<see cref="JsonDocument"/>) — for the first page, the last page, a page sorted by a column and filtered pages (a
/// substring in one column, a comparison with a sort, a substring in any column):
/// median time, CPU and bytes allocated per page; and what indexing costs once (the copy and row places, each sort order).
/// </summary>
public static class TablePageBenchmark
{
    public static void Run(string[] args)
    {
        var rows = Option(args, "--rows", 100_000);
        var repeats = Option(args, "--repeats", 20);
        var table = Table(rows);
        Console.WriteLine($"Table: {rows:N0} rows × 4 columns (id, label, score, an image cell), {table.Length / 1048576.0:F1} MiB of JSON; pages of 50 rows; {repeats} repeats");

        var folder = Path.Combine(Path.GetTempPath(), $"media-table-bench-{Guid.NewGuid():N}");
        try
        {
            var indexes = new TableIndexes(Options.Create(new TableIndexOptions { Folder = folder }), new ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<TableIndexes>.Instance);
            var version = 0;
            var build = Measure(Math.Max(1, repeats / 4), () => Page(indexes, $"v{version++}", table, new TableQuery(0, 50, null, false, null, null)));
            var sortOrder = Measure(Math.Max(1, repeats / 4), () => Page(indexes, $"v{version++}", table, new TableQuery(0, 50, "score", true, null, null)));
            Console.WriteLine($"  indexing once per table version: median {build.MedianMs:F1} ms, CPU {build.CpuMs:F1} ms; with the first sorted page (the sort order written too): median {sortOrder.MedianMs:F1} ms, CPU {sortOrder.CpuMs:F1} ms");
            Run(indexes, rows, repeats, table);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Page(TableIndexes indexes, string version, byte[] table, TableQuery query) =>
        indexes.PageAsync("bench/table.json", version, _ => Task.FromResult<Stream?>(new MemoryStream(table, writable: false)), query, CancellationToken.None).GetAwaiter().GetResult().Rows.Count;

    private static void Run(TableIndexes indexes, int rows, int repeats, byte[] table)
    {
        Compare(indexes, "first page", repeats, table, new TableQuery(0, 50, null, false, null, null),
            doc => doc.RootElement.GetProperty("data").EnumerateArray().Take(50).Select(r => r.GetRawText()).ToList());
        Compare(indexes, "last page", repeats, table, new TableQuery(rows - 50, 50, null, false, null, null),
            doc => doc.RootElement.GetProperty("data").EnumerateArray().Skip(rows - 50).Select(r => r.GetRawText()).ToList());
        Compare(indexes, "sorted by score, descending", repeats, table, new TableQuery(0, 50, "score", true, null, null),
            doc => doc.RootElement.GetProperty("data").EnumerateArray().OrderByDescending(r => r[2].GetDouble()).Take(50).Select(r => r.GetRawText()).ToList());
        Compare(indexes, "filtered (label contains \"7\")", repeats, table, new TableQuery(0, 50, null, false, "7", "label"),
            doc => doc.RootElement.GetProperty("data").EnumerateArray().Where(r => r[1].GetString()!.Contains('7', StringComparison.Ordinal)).Take(50).Select(r => r.GetRawText()).ToList());
        Compare(indexes, "filtered (score > 0.9), sorted by score", repeats, table, new TableQuery(0, 50, "score", false, "> 0.9", "score"),
            doc => doc.RootElement.GetProperty("data").EnumerateArray().Where(r => r[2].GetDouble() > 0.9).OrderBy(r => r[2].GetDouble()).Take(50).Select(r => r.GetRawText()).ToList());
        Compare(indexes, "filtered in any column (\"label 42\", the viewer's filter box)", repeats, table, new TableQuery(0, 50, null, false, "label 42", null),
            doc => doc.RootElement.GetProperty("data").EnumerateArray().Where(r => r[1].GetString()!.Contains("label 42", StringComparison.Ordinal)).Take(50).Select(r => r.GetRawText()).ToList());
    }

    private static void Compare(TableIndexes indexes, string name, int repeats, byte[] table, TableQuery query, Func<JsonDocument, List<string>> baseline)
    {
        var indexed = Measure(repeats, () => Page(indexes, "v-pages", table, query));
        var paged = Measure(repeats, () => TablePager.PageAsync(_ => Task.FromResult<Stream>(new MemoryStream(table, writable: false)), query, CancellationToken.None).GetAwaiter().GetResult().Rows.Count);
        var whole = Measure(repeats, () =>
        {
            using var doc = JsonDocument.Parse(table);
            return baseline(doc).Count;
        });
        Console.WriteLine($"  {name}:");
        Console.WriteLine($"    indexed page:   median {indexed.MedianMs,7:F2} ms, CPU {indexed.CpuMs,7:F2} ms/page, {indexed.AllocatedMiB,6:F2} MiB allocated/page");
        Console.WriteLine($"    streamed page:  median {paged.MedianMs,7:F1} ms, CPU {paged.CpuMs,7:F1} ms/page, {paged.AllocatedMiB,6:F1} MiB allocated/page");
        Console.WriteLine($"    whole table:    median {whole.MedianMs,7:F1} ms, CPU {whole.CpuMs,7:F1} ms/page, {whole.AllocatedMiB,6:F1} MiB allocated/page");
        Console.WriteLine($"    ratio (indexed / streamed): time {indexed.MedianMs / paged.MedianMs:F3}, CPU {indexed.CpuMs / paged.CpuMs:F3}; (indexed / whole): time {indexed.MedianMs / whole.MedianMs:F3}, CPU {indexed.CpuMs / whole.CpuMs:F3}");
        Console.WriteLine($"    ratio (streamed / whole): time {paged.MedianMs / whole.MedianMs:F2}, CPU {paged.CpuMs / whole.CpuMs:F2}, allocated {paged.AllocatedMiB / whole.AllocatedMiB:F2}");
    }

    private static (double MedianMs, double CpuMs, double AllocatedMiB) Measure(int repeats, Func<int> page)
    {
        page(); // warm-up (JIT)
        var times = new List<double>();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            page();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)repeats / 1048576.0;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / repeats;
        times.Sort();
        return (times[times.Count / 2], cpu, allocated);
    }

    private static byte[] Table(int rows)
    {
        var random = new Random(3);
        var text = new StringBuilder("""{"columns": ["id", "label", "score", "image"], "data": [""");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append('[').Append(i).Append(", \"label ").Append(random.Next(100)).Append("\", ")
                .Append(random.NextDouble().ToString("R", CultureInfo.InvariantCulture))
                .Append(", {\"_type\": \"image-file\", \"path\": \"media/images/").Append(i).Append(".png\", \"width\": 32, \"height\": 32, \"format\": \"png\"}]");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
