using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Wandb.Benchmarks.Ingestion;

namespace Orleans.Wandb.Benchmarks.Cluster;

/// <summary>
/// How long a cluster keeps runs from writing when a silo goes away (issue #21): runs stream small bodies to a
/// cluster of real silo processes, with the clients' behaviour (one request in flight, a failed request retried on
/// the next silo as a load balancer would after a short pause); then one silo is killed with -9, restarted (joins),
/// and another is stopped with SIGTERM. For each event it prints, over all runs, how long each run could not get a
/// body acknowledged (the gap between its last acknowledgement before the event and its first after), and the
/// slowest single request. Nothing is asserted: the figures go into the issue notes.
/// </summary>
public static class FailoverBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var silos = IntOption(args, "--silos", 3);
        var runs = IntOption(args, "--runs", 12);
        var logs = args.SkipWhile(a => a != "--logs").Skip(1).FirstOrDefault();
        if (logs is not null)
        {
            Directory.CreateDirectory(logs);
        }

        string? LogOf(string silo) => logs is null ? null : Path.Combine(logs, silo + ".log");
        Console.WriteLine($"failover: {silos} silos, {runs} streaming runs, {Environment.ProcessorCount} cores");
        var root = Path.Combine(Path.GetTempPath(), "orleans-wandb-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        var servers = new List<ServerUnderTest>();
        try
        {
            var mysql = await ClusterIngestBenchmark.LocalScriptAsync("start-mariadb.sh", root, ServerUnderTest.FreePort().ToString());
            var bucket = await ClusterIngestBenchmark.LocalScriptAsync("start-azurite.sh", root, ServerUnderTest.FreePort().ToString());
            var id = Guid.NewGuid().ToString("n")[..8];
            var environment = new Dictionary<string, string>
            {
                ["MYSQL"] = mysql,
                ["BUCKET"] = bucket,
                ["BUCKET_CONTAINER"] = "failover" + id,
                ["CLUSTER_ID"] = "failover-" + id,
            };
            var apiKey = "local-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
            for (var i = 0; i < silos; i++)
            {
                servers.Add(await ServerUnderTest.StartAsync(Path.Combine(root, $"silo{i}"), environment, apiKey, LogOf($"silo{i}")));
            }

            var urls = servers.Select(s => s.BaseUrl).ToArray();
            await using var writers = new StreamingRuns(urls, apiKey, servers[0].Entity, runs);
            writers.Start();
            await Task.Delay(TimeSpan.FromSeconds(8));

            var victim = servers[^1];
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} kill -9 of silo {silos - 1}");
            var killedAt = writers.Now;
            await victim.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(35));
            writers.Report($"kill -9 of silo {silos - 1}", killedAt);

            // The killed silo comes back (as an orchestrator restarts it): it joins while the runs stream, and
            // new runs are created all along, so a stall of placement shows as slow first requests.
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} a silo joins");
            var joinStartedAt = writers.Now;
            var rejoined = await ServerUnderTest.StartAsync(Path.Combine(root, "silo-rejoined"), environment, apiKey, LogOf("silo-rejoined"));
            servers[^1] = rejoined;
            writers.SetServer(urls.Length - 1, rejoined.BaseUrl);
            await Task.Delay(TimeSpan.FromSeconds(20));
            writers.Report("a silo joins (restart of the killed one)", joinStartedAt);

            var stopping = servers[0];
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} SIGTERM to silo 0");
            var stopAt = writers.Now;
            var stopClock = Stopwatch.StartNew();
            await stopping.TerminateAsync(TimeSpan.FromSeconds(60));
            Console.WriteLine($"SIGTERM of silo 0: the process exited after {stopClock.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(TimeSpan.FromSeconds(20));
            writers.Report("SIGTERM of silo 0 (graceful stop)", stopAt);
            await writers.StopAsync();
            Console.WriteLine($"acknowledged bodies: {writers.Acknowledged:N0}; failed attempts: {writers.Failures:N0} ({writers.FailureKinds})");
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            await ClusterIngestBenchmark.LocalScriptAsync("stop.sh", root);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }

    /// <summary>
    /// Runs streaming one-row bodies, each through "its" silo first and, when a request fails, through the next
    /// silo after 250 ms (what a load balancer in front of clients that retry does); plus a new run every 500 ms,
    /// whose first request measures how fast a new run can be placed.
    /// </summary>
    private sealed class StreamingRuns(string[] baseUrls, string apiKey, string entity, int runs) : IAsyncDisposable
    {
        private readonly HttpClient _http = CreateClient(apiKey);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(double At, double Ms)>[] _acks = Enumerable.Range(0, runs).Select(_ => new List<(double, double)>()).ToArray();
        private readonly List<(double At, double Ms, bool Ok)> _newRuns = [];
        private readonly Dictionary<string, int> _failureKinds = new();
        private Task[] _tasks = [];
        private long _acknowledged;
        private long _failures;

        public double Now => _clock.Elapsed.TotalSeconds;
        public long Acknowledged => Interlocked.Read(ref _acknowledged);
        public long Failures => Interlocked.Read(ref _failures);
        public string FailureKinds { get { lock (_failureKinds) { return string.Join(", ", _failureKinds.Select(p => $"{p.Key}: {p.Value}")); } } }

        public void SetServer(int index, string baseUrl) => baseUrls[index] = baseUrl;

        public void Start() =>
            _tasks = [.. Enumerable.Range(0, runs).Select(StreamAsync), NewRunsAsync()];

        private async Task StreamAsync(int index)
        {
            var server = index % baseUrls.Length;
            var offset = 0;
            while (!_stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (await PostAsync(baseUrls[server], $"run{index:D3}", offset))
                {
                    lock (_acks[index])
                    {
                        _acks[index].Add((Now, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                    }

                    Interlocked.Increment(ref _acknowledged);
                    offset++;
                    await Pause(100);
                }
                else
                {
                    server = (server + 1) % baseUrls.Length;
                    await Pause(250);
                }
            }
        }

        private async Task NewRunsAsync()
        {
            var created = 0;
            while (!_stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var at = Now;
                var ok = await PostAsync(baseUrls[created % baseUrls.Length], $"new{created:D4}", 0);
                lock (_newRuns)
                {
                    _newRuns.Add((at, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok));
                }

                created++;
                await Pause(500);
            }
        }

        private async Task<bool> PostAsync(string baseUrl, string run, int offset)
        {
            var line = $"{{\\\"loss\\\": {1.0 / (offset + 1):R}, \\\"_step\\\": {offset}, \\\"_runtime\\\": {offset * 0.1:R}, \\\"_timestamp\\\": {1795673711.0 + offset * 0.1:R}}}";
            var body = $"{{\"files\":{{\"wandb-history.jsonl\":{{\"offset\":{offset},\"content\":[\"{line}\"]}}}},\"dropped\":0}}";
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await _http.PostAsync($"{baseUrl}/files/{entity}/failover/{run}/file_stream", content, _stop.Token);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                Count($"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                Count(e.HttpRequestError.ToString());
            }
            catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
            {
                Count("timeout (30 s)");
            }
            catch (OperationCanceledException)
            {
            }

            Interlocked.Increment(ref _failures);
            return false;
        }

        private void Count(string kind)
        {
            lock (_failureKinds)
            {
                _failureKinds[kind] = _failureKinds.GetValueOrDefault(kind) + 1;
            }
        }

        /// <summary>
        /// Per run, the gap around <paramref name="eventAt"/>: from its last acknowledgement before to its first
        /// after (a run that was never held up shows about its own request period).
        /// </summary>
        public void Report(string name, double eventAt)
        {
            var gaps = new List<double>();
            var slowest = 0.0;
            foreach (var acks in _acks)
            {
                lock (acks)
                {
                    var before = acks.LastOrDefault(a => a.At <= eventAt);
                    var after = acks.FirstOrDefault(a => a.At > eventAt);
                    if (after != default)
                    {
                        gaps.Add(after.At - (before == default ? eventAt : before.At));
                    }
                    else
                    {
                        gaps.Add(double.PositiveInfinity);
                    }

                    slowest = Math.Max(slowest, acks.Where(a => a.At > eventAt).Select(a => a.Ms).DefaultIfEmpty(0).Max());
                }
            }

            gaps.Sort();
            List<(double At, double Ms, bool Ok)> created;
            lock (_newRuns)
            {
                created = _newRuns.Where(n => n.At >= eventAt).ToList();
            }

            Console.WriteLine($"{name}:");
            Console.WriteLine($"  longest gap without an acknowledgement, per run (s): {string.Join(" ", gaps.Select(g => g.ToString("F1")))}");
            Console.WriteLine($"  max gap {gaps[^1]:F1} s, median {gaps[gaps.Count / 2]:F1} s; slowest single acknowledged request after the event {slowest / 1000:F1} s");
            if (created.Count > 0)
            {
                Console.WriteLine($"  new runs created after the event: {created.Count}, failed first requests {created.Count(c => !c.Ok)}, slowest first request {created.Max(c => c.Ms) / 1000:F1} s");
            }
        }

        public async Task StopAsync()
        {
            _stop.Cancel();
            await Task.WhenAll(_tasks);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _http.Dispose();
            _stop.Dispose();
        }

        private Task Pause(int milliseconds) => Task.Delay(milliseconds, _stop.Token).ContinueWith(_ => { });

        private static HttpClient CreateClient(string apiKey)
        {
            var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
            return http;
        }
    }
}
