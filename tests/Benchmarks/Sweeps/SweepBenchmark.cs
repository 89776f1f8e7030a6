using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Benchmarks.Ingestion;
using Orleans.Wandb.Grains.Sweeps;

namespace Orleans.Wandb.Benchmarks.Sweeps;

/// <summary>
/// Issue #16's sweep figures. (1) In process: the bayes controller proposing the next run with 1,000 finished runs and
/// 10 parameters, next to a random proposal over the same parameters (the baseline) — latency and CPU per proposal.
/// (2) The real server: a bayes sweep driven through the agent protocol to 1,000 finished runs, timing the heartbeat
/// that proposes (grain path included: reading the runs, parsing their parameters, writing the state). (3) The real
/// server: agents heartbeating against 100 concurrent sweeps, next to a <c>viewer</c> query over the same HTTP,
/// authentication and GraphQL stack at the same concurrency (the baseline) — heartbeats/s, p50/p99 and server CPU per heartbeat.
/// </summary>
public static class SweepBenchmark
{
    private const string BayesConfig = """
        method: bayes
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {distribution: log_uniform_values, min: 0.00001, max: 0.1}
          momentum: {distribution: uniform, min: 0.5, max: 0.99}
          dropout: {distribution: uniform, min: 0.0, max: 0.6}
          batch_size: {distribution: q_log_uniform_values, min: 16, max: 512, q: 16}
          layers: {distribution: int_uniform, min: 1, max: 8}
          width: {values: [64, 128, 256, 512, 1024]}
          optimizer: {values: [adam, sgd, rmsprop, adamw]}
          weight_decay: {distribution: log_uniform_values, min: 0.000001, max: 0.01}
          warmup: {distribution: q_uniform, min: 0, max: 1000, q: 50}
          label_smoothing: {distribution: normal, mu: 0.1, sigma: 0.03}
        """;

    private const string Heartbeat = """
        mutation Heartbeat($id: ID!, $metrics: JSONString, $runState: JSONString) {
          agentHeartbeat(input: {id: $id, metrics: $metrics, runState: $runState}) { agent { id } commands }
        }
        """;

    public static async Task RunAsync(string[] args)
    {
        var finished = Option(args, "--finished", 1_000);
        var sweeps = Option(args, "--sweeps", 100);
        var agentsPerSweep = Option(args, "--agents", 2);
        var seconds = Option(args, "--seconds", 15);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();

        if (only is null or "proposal")
        {
            Proposal(finished);
        }

        if (only is "proposal")
        {
            return;
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "wandb-sweep-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            await using var server = await ServerUnderTest.StartAsync(dataDir);
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
            if (only is null or "server-proposal")
            {
                await ServerProposalAsync(server, http, finished);
            }

            if (only is null or "heartbeats")
            {
                await HeartbeatsAsync(server, http, sweeps, agentsPerSweep, TimeSpan.FromSeconds(seconds));
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>(1) BayesSearch.Point over <paramref name="finished"/> observations, against RandomSearch.Point.</summary>
    private static void Proposal(int finished)
    {
        var config = SweepConfig.Parse(BayesConfig);
        var parameters = config.Parameters;
        var random = new Random(7);
        var observed = new List<BayesSearch.Observation>();
        for (var i = 0; i < finished; i++)
        {
            var x = parameters.Select(_ => random.NextDouble()).ToArray();
            observed.Add(new BayesSearch.Observation(x, Loss(x)));
        }

        // Four agents each hold a running run, which the controller counts at the mean.
        var pending = Enumerable.Range(0, 4).Select(_ => parameters.Select(_ => random.NextDouble()).ToArray()).ToList();

        const int Repeats = 40;
        for (var i = 0; i < 5; i++)
        {
            BayesSearch.Point(parameters, observed, pending, false, new Random(i));
        }

        var bayes = Time(Repeats, i => BayesSearch.Point(parameters, observed, pending, false, new Random(100 + i)));
        var randomPoint = Time(Repeats * 100, i => RandomSearch.Point(parameters, new Random(i)));
        Console.WriteLine($"Bayes proposal, {finished:N0} finished runs x {parameters.Count} parameters, {Repeats} proposals, in process (one core):");
        Console.WriteLine($"  bayes  p50 {bayes.P50:F1} ms  p99 {bayes.P99:F1} ms  CPU {bayes.CpuMs:F1} ms/proposal");
        Console.WriteLine($"  random p50 {randomPoint.P50 * 1000:F1} us  CPU {randomPoint.CpuMs * 1000:F1} us/proposal (baseline)");
        Console.WriteLine($"  ratio bayes/random CPU per proposal: {bayes.CpuMs / randomPoint.CpuMs:F0}x");
    }

    /// <summary>A smooth function of the unit-cube point with one basin, as a training loss.</summary>
    private static double Loss(double[] x) => x.Select((v, i) => (v - (0.3 + (0.04 * i))) * (v - (0.3 + (0.04 * i))) * (i + 1)).Sum();

    /// <summary>(2) A bayes sweep on the real server driven to <paramref name="finished"/> runs; the proposing heartbeats timed as it grows.</summary>
    private static async Task ServerProposalAsync(ServerUnderTest server, HttpClient http, int finished)
    {
        const string Project = "bayes-bench";
        var sweep = (await QueryAsync(http,
            "mutation($c: String, $p: String) { upsertSweep(input: {projectName: $p, config: $c}) { sweep { name } } }",
            new { c = BayesConfig, p = Project }))["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
        const int Agents = 4;
        var agents = new List<string>();
        for (var i = 0; i < Agents; i++)
        {
            agents.Add((await QueryAsync(http,
                "mutation($s: String!, $p: String, $h: String!) { createAgent(input: {projectName: $p, sweep: $s, host: $h}) { agent { id } } }",
                new { s = sweep, p = Project, h = $"bench-{i}" }))["createAgent"]!["agent"]!["id"]!.GetValue<string>());
        }

        Console.WriteLine($"Bayes sweep on the real server, {Agents} agents, driven to {finished:N0} finished runs (10 parameters):");
        var clock = Stopwatch.StartNew();
        var done = 0;
        var windows = new Dictionary<int, List<double>>();
        var cpuInLastWindow = TimeSpan.Zero;
        var lastWindowHeartbeats = 0;
        var lastWindowStart = finished - 50;
        TimeSpan? cpuStart = null;
        await Task.WhenAll(agents.Select(async agent =>
        {
            while (Interlocked.Increment(ref done) <= finished)
            {
                var position = Volatile.Read(ref done);
                if (position >= lastWindowStart && cpuStart is null)
                {
                    lock (windows)
                    {
                        cpuStart ??= server.CpuTime();
                    }
                }

                // The heartbeat after a run ended: resolves the ended run and proposes the next (the bayes fit).
                var started = Stopwatch.GetTimestamp();
                var commands = await HeartbeatAsync(http, agent, []);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var bucket = position / 250 * 250;
                lock (windows)
                {
                    (windows.TryGetValue(bucket, out var list) ? list : windows[bucket] = []).Add(ms);
                    if (position >= lastWindowStart)
                    {
                        lastWindowHeartbeats++;
                    }
                }

                var run = commands.OfType<JsonObject>().First(c => c["type"]!.GetValue<string>() == "run");
                var runId = run["run_id"]!.GetValue<string>();
                var point = run["args"]!.AsObject();
                var loss = Loss(point.Select(kv => Unit(kv.Value!["value"]!)).ToArray());
                await QueryAsync(http,
                    "mutation($p: String, $r: String, $s: String, $c: JSONString, $m: JSONString) { upsertBucket(input: {modelName: $p, name: $r, sweep: $s, config: $c, summaryMetrics: $m}) { bucket { id } } }",
                    new { p = Project, r = runId, s = sweep, c = point.ToJsonString(), m = JsonSerializer.Serialize(new { loss }) });
                using var content = new StringContent("""{"complete": true, "exitcode": 0}""", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync($"/files/{server.Entity}/{Project}/{runId}/file_stream", content);
                response.EnsureSuccessStatusCode();
            }
        }));
        cpuInLastWindow = server.CpuTime() - (cpuStart ?? TimeSpan.Zero);
        foreach (var (bucket, list) in windows.OrderBy(w => w.Key))
        {
            list.Sort();
            Console.WriteLine($"  runs {bucket,5}-{bucket + 249,-5} proposing heartbeat p50 {list[list.Count / 2],6:F1} ms  p99 {list[(int)(list.Count * 0.99)],6:F1} ms");
        }

        Console.WriteLine($"  last {lastWindowHeartbeats} runs: server CPU {cpuInLastWindow.TotalMilliseconds / Math.Max(1, lastWindowHeartbeats):F1} ms per run cycle (heartbeat + upsertBucket + file_stream); total {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>A parameter value of the benchmark's config back on [0, 1], good enough for a smooth loss.</summary>
    private static double Unit(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => 1 / (1 + Math.Exp(-Math.Log(Math.Abs(value.GetValue<double>()) + 1e-9))),
        JsonValueKind.String => value.GetValue<string>().Length / 10.0,
        _ => 0.5,
    };

    /// <summary>(3) Agents heartbeating against <paramref name="sweeps"/> random sweeps, against viewer queries at the same concurrency.</summary>
    private static async Task HeartbeatsAsync(ServerUnderTest server, HttpClient http, int sweeps, int agentsPerSweep, TimeSpan duration)
    {
        Console.WriteLine($"Creating {sweeps} random sweeps with {agentsPerSweep} agents each...");
        var agents = new List<string>();
        for (var s = 0; s < sweeps; s++)
        {
            var project = $"many-{s % 10}";
            var sweep = (await QueryAsync(http,
                "mutation($c: String, $p: String) { upsertSweep(input: {projectName: $p, config: $c}) { sweep { name } } }",
                new { p = project, c = "method: random\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n  layers: {values: [1, 2, 3]}\n" }))["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
            for (var a = 0; a < agentsPerSweep; a++)
            {
                agents.Add((await QueryAsync(http,
                    "mutation($s: String!, $p: String, $h: String!) { createAgent(input: {projectName: $p, sweep: $s, host: $h}) { agent { id } } }",
                    new { s = sweep, p = project, h = $"host-{s}-{a}" }))["createAgent"]!["agent"]!["id"]!.GetValue<string>());
            }
        }

        // Each agent: a heartbeat that gets a run, three that list it as running (no command), one that no longer lists
        // it (the run ended; the sweep resolves it) and gets the next — the mix of a 5 s heartbeat over short runs.
        async Task AgentLoop(string agent, List<double> latencies, CancellationToken stop)
        {
            var running = Array.Empty<string>();
            var beat = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var commands = await HeartbeatAsync(http, agent, running);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (commands.OfType<JsonObject>().FirstOrDefault(c => c["type"]!.GetValue<string>() == "run") is { } run)
                {
                    running = [run["run_id"]!.GetValue<string>()];
                    beat = 0;
                }
                else if (++beat >= 3)
                {
                    running = [];
                }
            }
        }

        async Task ViewerLoop(List<double> latencies, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await QueryAsync(http, "{ viewer { id username } }", null);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        // Warm up both paths, then measure each for the same time at the same concurrency.
        using (var warm = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await Task.WhenAll(agents.Select(a => AgentLoop(a, [], warm.Token)).Concat(Enumerable.Range(0, 4).Select(_ => ViewerLoop([], warm.Token))));
        }

        var heartbeat = await PhaseAsync(server, agents.Count, duration, (i, list, token) => AgentLoop(agents[i], list, token));
        var viewer = await PhaseAsync(server, agents.Count, duration, (_, list, token) => ViewerLoop(list, token));
        Console.WriteLine($"{agents.Count} agents heartbeating against {sweeps} sweeps, one request in flight each, {duration.TotalSeconds:F0} s per phase:");
        Console.WriteLine($"  heartbeat        {heartbeat.PerSecond,8:F0}/s  p50 {heartbeat.P50,6:F1} ms  p99 {heartbeat.P99,6:F1} ms  server CPU {heartbeat.CpuMs:F2} ms/request");
        Console.WriteLine($"  viewer (baseline){viewer.PerSecond,8:F0}/s  p50 {viewer.P50,6:F1} ms  p99 {viewer.P99,6:F1} ms  server CPU {viewer.CpuMs:F2} ms/request");
        Console.WriteLine($"  ratio heartbeat/viewer: throughput {heartbeat.PerSecond / viewer.PerSecond:F2}x, server CPU per request {heartbeat.CpuMs / viewer.CpuMs:F2}x");
        Console.WriteLine($"  at one heartbeat per agent every 5 s (the clients' default), {agents.Count} agents need {agents.Count / 5.0:F0} heartbeats/s: {agents.Count / 5.0 * heartbeat.CpuMs / 10:F1}% of one core");
    }

    private static async Task<(double PerSecond, double P50, double P99, double CpuMs)> PhaseAsync(
        ServerUnderTest server, int concurrency, TimeSpan duration, Func<int, List<double>, CancellationToken, Task> loop)
    {
        var lists = Enumerable.Range(0, concurrency).Select(_ => new List<double>()).ToArray();
        var cpu = server.CpuTime();
        var clock = Stopwatch.StartNew();
        using (var stop = new CancellationTokenSource(duration))
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => loop(i, lists[i], stop.Token)));
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuMs = (server.CpuTime() - cpu).TotalMilliseconds;
        var all = lists.SelectMany(l => l).Order().ToArray();
        return (all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)], cpuMs / all.Length);
    }

    private static (double P50, double P99, double CpuMs) Time(int repeats, Action<int> action)
    {
        var times = new double[repeats];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / repeats;
        Array.Sort(times);
        return (times[repeats / 2], times[Math.Min(repeats - 1, (int)(repeats * 0.99))], cpuMs);
    }

    private static async Task<JsonArray> HeartbeatAsync(HttpClient http, string agent, string[] running)
    {
        var data = await QueryAsync(http, Heartbeat, new { id = agent, metrics = "{}", runState = JsonSerializer.Serialize(running.ToDictionary(r => r, _ => true)) });
        return JsonNode.Parse(data["agentHeartbeat"]!["commands"]!.GetValue<string>())!.AsArray();
    }

    private static async Task<JsonNode> QueryAsync(HttpClient http, string query, object? variables)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/graphql", content);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;
        if (!response.IsSuccessStatusCode || body["errors"] is not null)
        {
            throw new InvalidOperationException($"GraphQL {(int)response.StatusCode}: {text}");
        }

        return body["data"]!;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }
}
