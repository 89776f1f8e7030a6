using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>
/// file_stream ingestion against a cluster of silos (real server processes) on MariaDB and Azurite: the load is
/// spread over the silos as a load balancer would; prints rows/s, p50/p99, requests per silo and where the run
/// grains were activated. Uses MYSQL and BUCKET from the environment, or starts MariaDB and Azurite with
/// deploy/local on free loopback ports.
/// </summary>
public static class ClusterIngestBenchmark
{
    public static async Task RunAsync(IngestSettings settings)
    {
        var silos = settings.Silos;
        Console.WriteLine($"ingest-cluster: {silos} silos, {settings.Runs} concurrent runs, {settings.RowsPerBody}-row bodies, {settings.Metrics} metrics, {settings.Seconds} s, {Environment.ProcessorCount} cores");
        var root = Path.Combine(Path.GetTempPath(), "orleans-wandb-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        var startedServices = false;
        try
        {
            var (mysql, bucket) = (Environment.GetEnvironmentVariable("MYSQL"), Environment.GetEnvironmentVariable("BUCKET"));
            if (string.IsNullOrEmpty(mysql) || string.IsNullOrEmpty(bucket))
            {
                mysql = await LocalScriptAsync("start-mariadb.sh", root, ServerUnderTest.FreePort().ToString());
                bucket = await LocalScriptAsync("start-azurite.sh", root, ServerUnderTest.FreePort().ToString());
                startedServices = true;
            }

            var id = Guid.NewGuid().ToString("n")[..8];
            var environment = new Dictionary<string, string>
            {
                ["MYSQL"] = mysql,
                ["BUCKET"] = bucket,
                ["BUCKET_CONTAINER"] = "bench" + id,
                ["CLUSTER_ID"] = "bench-" + id,
            };
            var apiKey = "local-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
            var servers = new List<ServerUnderTest>();
            try
            {
                for (var i = 0; i < silos; i++)
                {
                    servers.Add(await ServerUnderTest.StartAsync(Path.Combine(root, $"silo{i}"), environment, apiKey));
                }

                var urls = servers.Select(s => s.BaseUrl).ToList();
                var bodies = new HistoryBodies(settings.RowsPerBody, settings.Metrics);
                await LoadDriver.RunAsync(urls, apiKey, servers[0].Entity, "warmup", settings.Runs, bodies, TimeSpan.FromSeconds(3), "w");
                var result = await LoadDriver.RunAsync(urls, apiKey, servers[0].Entity, "bench", settings.Runs, bodies, TimeSpan.FromSeconds(settings.Seconds), "r");
                Console.WriteLine($"cluster: {result}");
                Console.WriteLine($"rows/s: {result.RowsPerSecond:N0}; latency p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms");
                Console.WriteLine("requests per silo: " + string.Join(", ", result.RequestsPerServer.Select((n, i) => $"silo{i} {n:N0}")));
                Console.WriteLine("activations per silo (from /api/cluster/silos):");
                Console.WriteLine(await ActivationsAsync(urls[0], apiKey));
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.DisposeAsync();
                }
            }
        }
        finally
        {
            if (startedServices)
            {
                await LocalScriptAsync("stop.sh", root);
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> ActivationsAsync(string baseUrl, string apiKey)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
        var body = JsonNode.Parse(await http.GetStringAsync(baseUrl + "/api/cluster/silos"))!;
        return string.Join('\n', body["silos"]!.AsArray().Select(silo =>
        {
            var activations = silo!["activations"]!.AsObject()
                .Where(p => p.Key is "RunGrain" or "ProjectGrain" or "DirectoryGrain")
                .Select(p => $"{p.Key} {p.Value}");
            return $"  {silo["address"]}: {string.Join(", ", activations)}";
        }));
    }

    internal static async Task<string> LocalScriptAsync(string script, params string[] arguments)
    {
        string? path = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && path is null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "local", script);
            path = File.Exists(candidate) ? candidate : null;
        }

        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(path ?? throw new InvalidOperationException($"deploy/local/{script} not found"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WATCH_PID"] = Environment.ProcessId.ToString();
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {output}");
        }

        return output.TrimEnd().Split('\n')[^1].Trim();
    }
}
