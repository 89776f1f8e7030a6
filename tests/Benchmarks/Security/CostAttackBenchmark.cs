using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Benchmarks.Ingestion;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Projects;

namespace Orleans.Wandb.Benchmarks.Security;

/// <summary>
/// The request-cost attacks of issue #11 (items 4–6) against the real server, each next to a normal request
/// measured in the same run: latency, status, and the server's CPU time and resident memory across the request.
/// Then the run table's memory in process: 100k runs with 1,000 sparse keys against the same table without them.
/// </summary>
public static class CostAttackBenchmark
{
    private const string Upsert = """
        mutation UpsertBucket($name: String, $project: String, $entity: String, $config: JSONString, $summaryMetrics: JSONString) {
          upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, config: $config, summaryMetrics: $summaryMetrics}) { bucket { id name } inserted }
        }
        """;

    private const string Runs = """
        query Runs($project: String!, $entity: String!, $filters: JSONString, $first: Int) {
          project(name: $project, entityName: $entity) { runs(filters: $filters, first: $first) { edges { node { name } } } }
        }
        """;

    public static async Task RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 20_000);
        var tableRuns = Option(args, "--table-runs", 100_000);
        var dataDir = Path.Combine(Path.GetTempPath(), "wandb-attack-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            await using (var server = await ServerUnderTest.StartAsync(dataDir))
            {
                using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
                await AttacksAsync(server, http, runs);
            }

            TableMemory(tableRuns);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task AttacksAsync(ServerUnderTest server, HttpClient http, int runs)
    {
        var entity = server.Entity;
        Console.WriteLine($"{"request",-58} {"status",6} {"ms",9} {"server CPU ms",14} {"RSS delta MB",13}");
        for (var i = 0; i < 20; i++)
        {
            await PostAsync(http, "{ viewer { id username } }", null);
        }

        await Measure(server, "normal: viewer query", () => PostAsync(http, "{ viewer { id username } }", null));
        await Measure(server, "fragment bomb, 30 doubling fragments (1.2 KB)", () => PostAsync(http, FragmentBomb(30), null));
        await Measure(server, "normal: viewer query", () => PostAsync(http, "{ viewer { id username } }", null));
        await Measure(server, "directive flood, 20,000 @include on one field", () => PostAsync(http, "{ viewer { id" + string.Concat(Enumerable.Repeat(" @include(if: true)", 20_000)) + " } }", null));

        Console.WriteLine($"Filling a project with {runs:N0} runs (10 config keys, 10 summary keys each)...");
        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next) - 1; i < runs; i = Interlocked.Increment(ref next) - 1)
            {
                await PostAsync(http, Upsert, new { name = $"run{i:D6}", project = "big", entity, config = Keys(10, "c", i), summaryMetrics = Keys(10, "s", i) });
            }
        }));
        Console.WriteLine($"  filled in {clock.Elapsed.TotalSeconds:F0} s");

        await Measure(server, "normal: upsertBucket, 10 config keys", () =>
            PostAsync(http, Upsert, new { name = "run000001", project = "big", entity, config = Keys(10, "c", 1) }));
        await Measure(server, "upsertBucket, 1,000 new config keys (25 KB)", () =>
            PostAsync(http, Upsert, new { name = "run000002", project = "big", entity, config = Keys(1_000, "new", 2) }));
        await Measure(server, "summaryMetrics of 500 new keys", () =>
            PostAsync(http, Upsert, new { name = "run000003", project = "big", entity, summaryMetrics = Keys(500, "sum", 3) }));

        await Measure(server, "normal: runs query, $in of 10 names", () =>
            PostAsync(http, Runs, new { project = "big", entity, first = 50, filters = InList(10) }));
        await Measure(server, "runs query, $in of 1,000,000 names", () =>
            PostAsync(http, Runs, new { project = "big", entity, first = 50, filters = InList(1_000_000) }));
        await Measure(server, "runs query, $in of 10,000 names (the cap)", () =>
            PostAsync(http, Runs, new { project = "big", entity, first = 50, filters = InList(10_000) }));
        var patterns = "{\"$or\": [" + string.Join(", ", Enumerable.Range(0, 50).Select(i => $"{{\"name\": {{\"$regex\": \"^z{i}\"}}}}")) + "]}";
        await Measure(server, "runs query, 50 $regex conditions (the cap)", () =>
            PostAsync(http, Runs, new { project = "big", entity, first = 50, filters = patterns }));

        var alone = await TimeAsync(() => PostAsync(http, Upsert, new { name = "run000004", project = "big", entity, config = Keys(10, "c", 4) }));
        var query = TimeAsync(() => PostAsync(http, Runs, new { project = "big", entity, first = 50, filters = patterns }));
        await Task.Delay(50);
        var during = await TimeAsync(() => PostAsync(http, Upsert, new { name = "run000005", project = "big", entity, config = Keys(10, "c", 5) }));
        var big = await query;
        Console.WriteLine($"upsertBucket alone: {alone.Ms:F0} ms; during the 50-pattern query: {during.Ms:F0} ms (status {during.Status}); the query took {big.Ms:F0} ms (status {big.Status})");
    }

    /// <summary>Memory of the run table in process: 100k runs, then the same plus 1,000 keys spread sparsely over them.</summary>
    private static void TableMemory(int runs)
    {
        long Measure(int extraKeys)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var table = new RunTable();
            for (var i = 0; i < runs; i++)
            {
                // Each extra key is held by ten runs: 1,000 keys over 10,000 of the runs.
                var extra = extraKeys > 0 && i % 10 == 0 ? $", \"x{i / 10 % extraKeys}\": {i}" : "";
                table.Upsert(new RunRow { Id = i + 1, Name = $"run{i:D6}", Config = Keys(10, "c", i)[..^1] + extra + "}", SummaryMetrics = Keys(10, "s", i) });
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(table);
            return after - before;
        }

        var plain = Measure(0);
        var sparse = Measure(1_000);
        Console.WriteLine($"Run table, {runs:N0} runs of 10 config + 10 summary keys: {plain / 1048576.0:F0} MB; " +
                          $"with 1,000 more keys, each in 10 runs: {sparse / 1048576.0:F0} MB ({(double)sparse / plain:F2}x)");
    }

    private static async Task Measure(ServerUnderTest server, string label, Func<Task<int>> request)
    {
        GC.Collect();
        var rss = server.ResidentBytes();
        var cpu = server.CpuTime();
        var (status, ms) = await TimeAsync(request);
        var cpuMs = (server.CpuTime() - cpu).TotalMilliseconds;
        var rssDelta = (server.ResidentBytes() - rss) / 1048576.0;
        Console.WriteLine($"{label,-58} {status,6} {ms,9:F0} {cpuMs,14:F0} {rssDelta,13:F0}");
    }

    private static async Task<(int Status, double Ms)> TimeAsync(Func<Task<int>> request)
    {
        var clock = Stopwatch.StartNew();
        var status = await request();
        return (status, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<int> PostAsync(HttpClient http, string query, object? variables)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/graphql", content);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    private static string FragmentBomb(int levels)
    {
        var text = new StringBuilder("query Bomb { viewer { ...F").Append(levels - 1).Append(" } }\nfragment F0 on User { id username }\n");
        for (var i = 1; i < levels; i++)
        {
            text.Append("fragment F").Append(i).Append(" on User { ...F").Append(i - 1).Append(" ...F").Append(i - 1).Append(" }\n");
        }

        return text.ToString();
    }

    private static string InList(int count) => JsonSerializer.Serialize(new { name = new Dictionary<string, object> { ["$in"] = Enumerable.Range(0, count).Select(i => $"run{i:D6}") } });

    private static string Keys(int count, string prefix, int seed) =>
        "{" + string.Join(", ", Enumerable.Range(0, count).Select(k => $"\"{prefix}{k}\": {seed * 0.001 + k}")) + "}";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
