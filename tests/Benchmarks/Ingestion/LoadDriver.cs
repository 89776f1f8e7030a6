using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>N concurrent "runs", each POSTing its next body as soon as the previous one was answered (as clients do).</summary>
public static class LoadDriver
{
    public static Task<LoadResult> RunAsync(string baseUrl, string? apiKey, string entity, string project, int runs, HistoryBodies bodies, TimeSpan duration, string runPrefix) =>
        RunAsync([baseUrl], apiKey, entity, project, runs, bodies, duration, runPrefix);

    /// <summary>
    /// As a load balancer in front of several silos would: run <c>i</c> talks to <c>baseUrls[i % n]</c>.
    /// <see cref="LoadResult.RequestsPerServer"/> counts what each one got.
    /// </summary>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<string> baseUrls, string? apiKey, string entity, string project, int runs, HistoryBodies bodies, TimeSpan duration, string runPrefix)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = runs + 8, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
        }

        var perServer = new long[baseUrls.Count];

        var latencies = new List<double>[runs];
        long rows = 0, requests = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, runs).Select(async index =>
        {
            var mine = latencies[index] = new List<double>(4096);
            var offset = 0;
            var server = index % baseUrls.Count;
            var path = $"{baseUrls[server]}/files/{entity}/{project}/{runPrefix}{index:D5}/file_stream";
            while (clock.Elapsed < duration)
            {
                var body = bodies.Build(offset);
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(path, content);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                Interlocked.Increment(ref perServer[server]);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref rows, bodies.RowsPerBody);
                    offset += bodies.RowsPerBody;
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(rows, requests, failures, elapsed, Percentile(all, 0.50), Percentile(all, 0.99)) { RequestsPerServer = perServer };
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
