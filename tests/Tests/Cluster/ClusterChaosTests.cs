using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// One bounded run of everything that goes wrong in a cluster, one fault after another, while runs stream and new
/// runs are created the way the W&amp;B clients do it (a failed request is retried on the next silo after a short
/// pause, as behind a load balancer): kill -9 of a silo and its restart, a MariaDB stop and start, an Azurite stop
/// and start, and a network partition between one silo and MariaDB. Then a checker reads everything back: every
/// acknowledged history row is there exactly once with its exact values, every acknowledged run exists, and no
/// answer seen was a 4xx (the clients drop data), a 500 or a 200 carrying an error (the clients give up on both).
/// How long each fault kept the runs from writing is printed, not asserted (the failover benchmark measures it).
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterChaosTests(ITestOutputHelper output)
{
    private const string Project = "chaos";
    private const int Writers = 6;
    private const int RowsPerBatch = 20;

    /// <summary>How long a fault's effects may take to clear before the test gives up (a wedged cluster fails it).</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(3);

    /// <summary>How long a silo may take to start: the suite runs this next to other work on a small machine.</summary>
    private static readonly TimeSpan Starting = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Kill_restart_database_and_blob_outages_and_a_partition_lose_nothing_acknowledged_and_answer_only_200_or_503()
    {
        await using var dependencies = await ClusterDependencies.StartAsync();
        using var deployment = await ServerDeployment.ClusterAsync(silos: 2, dependencies);
        await using var proxy = TcpProxy.Start(dependencies.MySqlPort);
        var proxied = new UriBuilder(deployment.Settings["MYSQL"]) { Port = proxy.Port }.Uri.ToString();

        // Silos 0 and 1 reach MariaDB directly; silo 2 through the proxy, so the test can partition it alone.
        var groups = new List<ServerGroup>();
        Traffic? traffic = null;
        try
        {
            groups.Add(await deployment.StartAsync(readyWithin: Starting));
            groups.Add(await deployment.StartAsync(new Dictionary<string, string> { ["MYSQL"] = proxied }, silos: 1, readyWithin: Starting));
            var silos = groups.SelectMany(g => g.Servers).ToList();
            traffic = new Traffic(silos.Select(s => s.BaseUrl), deployment.ApiKey);
            var entity = (await silos[0].Client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
            await traffic.StartAsync(entity);
            await traffic.WaitForProgressAsync(2, Recovery);
            // Each fault: when it began, and when the cause was gone (the silo dead, the dependency answering again).
            var faults = new List<(string Fault, TimeSpan At, TimeSpan Over)>();
            async Task FaultAsync(string fault, Func<Task> begin, TimeSpan lasting, Func<Task> end)
            {
                var at = traffic.Elapsed;
                await begin();
                await Task.Delay(lasting);
                await end();
                faults.Add((fault, at, traffic.Elapsed));
                await traffic.WaitForProgressAsync(2, Recovery);
            }

            await FaultAsync("kill -9 of silo 1", () => silos[1].KillAsync(), TimeSpan.Zero, () => Task.CompletedTask);
            await FaultAsync("silo 1 restarts and joins", async () =>
            {
                var rejoined = await deployment.StartAsync(silos: 1, readyWithin: Starting);
                groups.Add(rejoined);
                silos[1] = rejoined.Servers[0];
                traffic.Replace(1, silos[1].BaseUrl);
            }, TimeSpan.Zero, () => Task.CompletedTask);
            await FaultAsync("MariaDB stopped", dependencies.StopMySqlAsync, TimeSpan.FromSeconds(5), dependencies.StartMySqlAsync);
            await FaultAsync("Azurite stopped", dependencies.StopBlobAsync, TimeSpan.FromSeconds(5), dependencies.StartBlobAsync);
            await FaultAsync("silo 2 cut off from MariaDB", () => { proxy.Partition(); return Task.CompletedTask; }, TimeSpan.FromSeconds(8),
                () => { proxy.Heal(); return Task.CompletedTask; });

            await traffic.StopAsync();
            foreach (var ((fault, at, over), next) in faults.Zip(faults.Skip(1).Select(f => f.At).Append(traffic.Elapsed)))
            {
                output.WriteLine($"{fault} at {at.TotalSeconds:F1} s, over after {(over - at).TotalSeconds:F1} s: longest a run could not write " +
                                 $"{traffic.LongestGap(at, next).TotalSeconds:F1} s; every run wrote again {traffic.AllWritingAgainAfter(over).TotalSeconds:F1} s after it was over");
            }

            output.WriteLine(traffic.Describe());

            // Every answer a client saw could be handled by it: done, or retry later.
            Assert.True(traffic.Violations.IsEmpty, $"answers the clients cannot handle:\n{string.Join("\n", traffic.Violations.Take(20))}");

            // Everything acknowledged is there, once, exactly as sent; read through each silo.
            for (var i = 0; i < Writers; i++)
            {
                var script = traffic.Scripts[i];
                var back = await new RunStreamScript(silos[i % 3].Client, entity, Project, Traffic.RunName(i)).ReadBackAsync();
                Assert.Equal(script.AcknowledgedHistory.Count, back["historyLineCount"]!.GetValue<int>());
                Assert.Equal(script.AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
                Assert.Equal(script.AcknowledgedSummary, back["summaryMetrics"]!.GetValue<string>());
            }

            var created = await silos[0].Client.QueryAsync(
                """
                query Runs($entity: String!, $project: String!) {
                  project(name: $project, entityName: $entity) { runs(first: 1000) { edges { node { name } } } }
                }
                """, new { entity, project = Project });
            var names = created["project"]!["runs"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ToHashSet();
            Assert.All(traffic.AcknowledgedCreations, run => Assert.Contains(run, names));
        }
        catch
        {
            foreach (var group in groups)
            {
                output.WriteLine(group.Output);
            }

            throw;
        }
        finally
        {
            if (traffic is not null)
            {
                await traffic.DisposeAsync();
            }

            foreach (var group in groups)
            {
                await group.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The clients: <see cref="Writers"/> runs streaming history (each with a home silo, retrying a failed batch on
    /// the next silo 250 ms later) and a loop creating a new run every half second through the silos in turn.
    /// Records every answer and which of them no client could handle.
    /// </summary>
    private sealed class Traffic(IEnumerable<string> urls, string apiKey) : IAsyncDisposable
    {
        /// <summary>Close to what the clients wait for an answer before they retry (the Python client: ~20 s).</summary>
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

        private readonly WandbClient[] _silos = urls.Select(url => Client(url, apiKey)).ToArray();
        private readonly string _apiKey = apiKey;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<int, int> _statuses = new();
        private readonly ConcurrentBag<(int Writer, TimeSpan At)> _acknowledgements = [];
        private readonly List<Task> _loops = [];
        private readonly List<(TimeSpan Took, string Request)> _slowest = [];

        public List<RunStreamScript> Scripts { get; } = [];
        public ConcurrentBag<string> Violations { get; } = [];
        public ConcurrentBag<string> AcknowledgedCreations { get; } = [];
        public TimeSpan Elapsed => _clock.Elapsed;

        public static string RunName(int writer) => $"stream{writer}";

        public async Task StartAsync(string entity)
        {
            for (var i = 0; i < Writers; i++)
            {
                var (status, body) = await _silos[i % _silos.Length].GraphQLAsync(UpsertDocument, new { entity, project = Project, name = RunName(i) });
                Assert.True(status == 200 && body?["errors"] is null, $"upsertBucket answered {status}: {body?.ToJsonString()}");
                Scripts.Add(new RunStreamScript(_silos[i % _silos.Length], entity, Project, RunName(i)));
            }

            for (var i = 0; i < Writers; i++)
            {
                var writer = i;
                _loops.Add(Task.Run(() => StreamAsync(entity, writer)));
            }

            _loops.Add(Task.Run(() => CreateRunsAsync(entity)));
        }

        /// <summary>A silo restarted on a new port: clients of that slot reach it from now on.</summary>
        public void Replace(int slot, string url) => _silos[slot] = Client(url, _apiKey);

        /// <summary>Waits until every run has had <paramref name="batches"/> more batches acknowledged.</summary>
        public async Task WaitForProgressAsync(int batches, TimeSpan within)
        {
            var start = Scripts.Select(s => s.AcknowledgedHistory.Count).ToArray();
            var deadline = Stopwatch.StartNew();
            while (Scripts.Select((s, i) => s.AcknowledgedHistory.Count - start[i]).Any(rows => rows < batches * RowsPerBatch))
            {
                if (deadline.Elapsed > within)
                {
                    throw new Xunit.Sdk.XunitException($"the runs did not get {batches} batches acknowledged within {within}: {Describe()}");
                }

                await Task.Delay(100);
            }
        }

        /// <summary>
        /// Over all runs, the longest wait between two acknowledgements of a run while <paramref name="from"/> to
        /// <paramref name="to"/> (one fault and the recovery after it), counting from the last one before it.
        /// </summary>
        public TimeSpan LongestGap(TimeSpan from, TimeSpan to)
        {
            var longest = TimeSpan.Zero;
            foreach (var writer in _acknowledgements.GroupBy(a => a.Writer))
            {
                var times = writer.Select(a => a.At).Order().ToList();
                var previous = times.Where(t => t <= from).DefaultIfEmpty(from).Max();
                foreach (var at in times.Where(t => t > from && t <= to))
                {
                    longest = at - previous > longest ? at - previous : longest;
                    previous = at;
                }
            }

            return longest;
        }

        /// <summary>How long after <paramref name="over"/> the last of the runs got its first acknowledgement.</summary>
        public TimeSpan AllWritingAgainAfter(TimeSpan over) =>
            _acknowledgements.GroupBy(a => a.Writer)
                .Select(writer => writer.Where(a => a.At >= over).Select(a => a.At - over).DefaultIfEmpty(_clock.Elapsed - over).Min())
                .DefaultIfEmpty(TimeSpan.Zero)
                .Max();

        public string Describe() =>
            $"answers: {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString())} x{s.Value}"))}; " +
            $"rows acknowledged: {string.Join(", ", Scripts.Select(s => s.AcknowledgedHistory.Count))}; runs created: {AcknowledgedCreations.Count}; " +
            $"slowest answers: {string.Join("; ", Slowest())}";

        private IEnumerable<string> Slowest()
        {
            lock (_slowest)
            {
                return _slowest.Select(s => $"{s.Took.TotalSeconds:F1} s for {s.Request}").ToList();
            }
        }

        private async Task StreamAsync(string entity, int writer)
        {
            var script = Scripts[writer];
            var next = writer % _silos.Length;
            while (!_stop.IsCancellationRequested)
            {
                var sent = _clock.Elapsed;
                var status = await script.TrySendHistoryAsync(RowsPerBatch, _silos[next]);
                Record(status, $"file_stream of {RunName(writer)}", body: null, _clock.Elapsed - sent);
                if (status == 200)
                {
                    _acknowledgements.Add((writer, _clock.Elapsed));
                    continue;
                }

                next = (next + 1) % _silos.Length;
                await Pause();
            }
        }

        private async Task CreateRunsAsync(string entity)
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var name = $"created{n:D4}";
                int status;
                JsonNode? body = null;
                var sent = _clock.Elapsed;
                try
                {
                    (status, body) = await _silos[n % _silos.Length].GraphQLAsync(UpsertDocument, new { entity, project = Project, name });
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Refused, or no answer within the client's timeout (also when it ends after the test said stop).
                    status = 0;
                }

                Record(status, $"upsertBucket of {name}", body, _clock.Elapsed - sent);
                if (status == 200 && body?["errors"] is null)
                {
                    AcknowledgedCreations.Add(name);
                }

                await Pause();
            }
        }

        private void Record(int status, string request, JsonNode? body, TimeSpan took)
        {
            _statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
            lock (_slowest)
            {
                _slowest.Add((took, $"{request} at {(_clock.Elapsed - took).TotalSeconds:F1} s: {(status == 0 ? "no answer" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
                _slowest.Sort((a, b) => b.Took.CompareTo(a.Took));
                if (_slowest.Count > 3)
                {
                    _slowest.RemoveAt(3);
                }
            }

            if (status is not (200 or 503 or 0) || (status == 200 && body?["errors"] is not null))
            {
                Violations.Add($"{_clock.Elapsed.TotalSeconds:F1} s {request}: {status} {body?.ToJsonString()}");
            }
        }

        private async Task Pause()
        {
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }

            await Task.WhenAll(_loops);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private static WandbClient Client(string url, string apiKey) =>
            new(new HttpClient { BaseAddress = new Uri(url), Timeout = RequestTimeout }, apiKey);

        private const string UpsertDocument = """
            mutation UpsertBucket($entity: String!, $project: String!, $name: String!) {
              upsertBucket(input: {entityName: $entity, modelName: $project, name: $name}) { bucket { id name } inserted }
            }
            """;
    }
}
