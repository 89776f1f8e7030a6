using System.Net.Http.Headers;
using System.Text;

namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>
/// file_stream ingestion: N concurrent runs POST history bodies to the real server (durability on), then the
/// same load against the bare baseline; then memory with many active runs.
/// </summary>
public static class IngestBenchmark
{
    public static async Task RunAsync(IngestSettings settings)
    {
        Console.WriteLine($"ingest: {settings.Runs} concurrent runs, {settings.RowsPerBody}-row bodies, {settings.Metrics} metrics, {settings.Seconds} s per phase, {Environment.ProcessorCount} cores");
        var bodies = new HistoryBodies(settings.RowsPerBody, settings.Metrics);
        Console.WriteLine($"body size: {bodies.Build(0).Length:N0} bytes");
        var root = Path.Combine(Path.GetTempPath(), "orleans-wandb-bench", Guid.NewGuid().ToString("n"));
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        try
        {
            LoadResult ours;
            await using (var server = await ServerUnderTest.StartAsync(Path.Combine(root, "server")))
            {
                await LoadDriver.RunAsync(server.BaseUrl, server.ApiKey, server.Entity, "warmup", settings.Runs, bodies, TimeSpan.FromSeconds(10), "w");
                var cpuBefore = server.CpuTime();
                ours = await LoadDriver.RunAsync(server.BaseUrl, server.ApiKey, server.Entity, "bench", settings.Runs, bodies, duration, "r");
                var cpu = server.CpuTime() - cpuBefore;
                Console.WriteLine($"orleans-wandb: {ours}");

                // CPU per row is steadier than rows/s when other work shares the machine.
                Console.WriteLine($"server CPU: {cpu.TotalSeconds:F1} s, {cpu.TotalMicroseconds / ours.Rows:F1} µs per row");
            }

            if (settings.OnlyServer)
            {
                return;
            }

            // Memory on a fresh server, so the heap grown by the load phase does not hide what runs cost.
            long idleRss, activeRss;
            await using (var server = await ServerUnderTest.StartAsync(Path.Combine(root, "memory")))
            {
                await ActivateRunsAsync(server, "warm", 20);
                await Task.Delay(TimeSpan.FromSeconds(2));
                idleRss = server.ResidentBytes();
                await ActivateRunsAsync(server, "idle", settings.IdleRuns);
                await Task.Delay(TimeSpan.FromSeconds(2));
                activeRss = server.ResidentBytes();
            }

            LoadResult baseline;
            await using (var bare = await BaselineServer.StartAsync(Path.Combine(root, "baseline"), ServerUnderTest.FreePort()))
            {
                await LoadDriver.RunAsync(bare.BaseUrl, null, "e", "warmup", settings.Runs, bodies, TimeSpan.FromSeconds(10), "w");
                baseline = await LoadDriver.RunAsync(bare.BaseUrl, null, "e", "bench", settings.Runs, bodies, duration, "r");
                Console.WriteLine($"baseline:      {baseline}");
            }

            Console.WriteLine();
            Console.WriteLine($"rows/s: {ours.RowsPerSecond:N0} (baseline {baseline.RowsPerSecond:N0}, ratio {ours.RowsPerSecond / baseline.RowsPerSecond:F2})");
            Console.WriteLine($"latency: p50 {ours.P50Ms:F1} ms, p99 {ours.P99Ms:F1} ms (baseline p50 {baseline.P50Ms:F1} ms, p99 {baseline.P99Ms:F1} ms)");
            Console.WriteLine($"RSS of a fresh server: {idleRss / 1048576.0:F0} MiB with 20 active runs, {activeRss / 1048576.0:F0} MiB with {settings.IdleRuns:N0} more " +
                              $"=> {(activeRss - idleRss) / 1024.0 / settings.IdleRuns:F0} KB per active run");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Makes <paramref name="count"/> runs active, each with a 20-row history.</summary>
    private static async Task ActivateRunsAsync(ServerUnderTest server, string prefix, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
        var small = new HistoryBodies(20, 20);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, _) =>
        {
            using var content = new ByteArrayContent(small.Build(0));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync($"/files/{server.Entity}/memory/{prefix}{index:D5}/file_stream", content);
            response.EnsureSuccessStatusCode();
        });
    }
}
