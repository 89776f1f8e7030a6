using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.EndToEnd;

/// <summary>
/// What a 200 promises: the data survives a restart and a kill -9 of every silo on the same durable state.
/// Each profile runs the same specification (<see cref="EmbeddedDurabilityTests"/>, <see cref="Cluster.ClusterDurabilityTests"/>).
/// </summary>
public abstract class DurabilityTests
{
    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    [Fact]
    public async Task A_restarted_server_serves_the_same_history_summary_and_state()
    {
        using var deployment = await CreateDeploymentAsync();
        JsonNode before;
        string entity;
        await using (var group = await deployment.StartAsync())
        {
            var server = group.Primary;
            entity = await ViewerEntityAsync(server.Client);
            var script = new RunStreamScript(server.Client, entity, "durability", "restart1");
            for (var batch = 0; batch < 5; batch++)
            {
                await script.SendHistoryAsync(60);
            }

            await script.CompleteAsync(0);
            before = await script.ReadBackAsync();
            before["charts"] = await script.ChartAsync();
            Assert.Equal("finished", before["state"]!.GetValue<string>());
            Assert.Equal(300, before["historyLineCount"]!.GetValue<int>());
            await group.StopAsync();
        }

        await using (var group = await deployment.StartAsync())
        {
            var again = new RunStreamScript(group.Servers[^1].Client, entity, "durability", "restart1");
            var after = await again.ReadBackAsync();
            after["charts"] = await again.ChartAsync();
            Assert.True(JsonNode.DeepEquals(before, after), $"before: {before.ToJsonString()}\nafter: {after.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Every_acknowledged_row_survives_kill_minus_9_and_reads_back_identically()
    {
        using var deployment = await CreateDeploymentAsync();
        RunStreamScript script;
        string entity;
        JsonNode before;

        // Compaction every 20 ms and small segments: the kill lands with full segments already written and the
        // open one only in the log.
        var compactOften = new Dictionary<string, string>
        {
            ["History__CompactionInterval"] = "00:00:00.020",
            ["History__SegmentRows"] = "128",
        };
        await using (var group = await deployment.StartAsync(compactOften))
        {
            var server = group.Primary;
            entity = await ViewerEntityAsync(server.Client);
            script = new RunStreamScript(server.Client, entity, "durability", "killed01");
            for (var batch = 0; batch < 20; batch++)
            {
                await script.SendHistoryAsync(50);
            }

            // Reads right after the last 200 (some rows compacted, some only in the log), then no graceful
            // shutdown and no chance to flush anything more.
            before = await script.ReadBackAsync();
            before["charts"] = await script.ChartAsync();
            await group.KillAsync();
        }

        // Restarted with the default segment size: stored segments keep the size they were cut with.
        await using (var group = await deployment.StartAsync())
        {
            var again = new RunStreamScript(group.Servers[^1].Client, entity, "durability", "killed01");
            var run = await again.ReadBackAsync();
            run["charts"] = await again.ChartAsync();
            Assert.True(JsonNode.DeepEquals(before, run), $"before: {before.ToJsonString()}\nafter: {run.ToJsonString()}");
            Assert.Equal(script.AcknowledgedHistory.Count, run["historyLineCount"]!.GetValue<int>());
            var history = run["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Equal(script.AcknowledgedHistory, history);
            Assert.Equal(script.AcknowledgedSummary, run["summaryMetrics"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Every_acknowledged_row_of_two_shared_mode_writers_survives_kill_minus_9_and_their_retries_store_nothing_twice()
    {
        using var deployment = await CreateDeploymentAsync();
        string entity;
        var writers = new[] { new SharedWriter("writer-a"), new SharedWriter("writer-b") };
        await using (var group = await deployment.StartAsync())
        {
            var client = group.Primary.Client;
            entity = await ViewerEntityAsync(client);

            // Both stream until the server dies under them; the kill lands while requests are in flight.
            using var streaming = new CancellationTokenSource();
            var loops = writers.Select(w => w.StreamUntilFailureAsync(client, entity, streaming.Token)).ToArray();
            while (writers.Any(w => w.Acknowledged < 60) && !loops.Any(l => l.IsCompleted))
            {
                await Task.Delay(20);
            }

            await group.KillAsync();
            await Task.WhenAll(loops);
        }

        await using (var group = await deployment.StartAsync())
        {
            var client = group.Servers[^1].Client;

            // The clients retry the batch they never saw acknowledged, at the same offsets, then go on.
            foreach (var writer in writers)
            {
                await writer.RetryPendingAsync(client, entity);
            }

            var run = (await client.QueryAsync(
                """
                query Run($entity: String!, $project: String!) {
                  project(name: $project, entityName: $entity) { run(name: "shared01") { historyLineCount history(samples: 100000) } }
                }
                """, new { entity, project = "durability" }))["project"]!["run"]!;
            var rows = run["history"]!.AsArray().Select(n => JsonNode.Parse(n!.GetValue<string>())!).ToList();
            Assert.Equal(writers.Sum(w => w.Sent), run["historyLineCount"]!.GetValue<int>());
            Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r["_step"]!.GetValue<int>()));
            foreach (var writer in writers)
            {
                var mine = rows.Where(r => r["writer"]!.GetValue<string>() == writer.Id).Select(r => r["i"]!.GetValue<int>()).ToList();
                Assert.Equal(Enumerable.Range(0, writer.Sent), mine);
                Assert.True(writer.Sent >= writer.Acknowledged);
            }
        }
    }

    /// <summary>One shared-mode writer: 10 rows a batch, offsets counted from 0 in its own rows, as the Go core counts them.</summary>
    private sealed class SharedWriter(string id)
    {
        private const int BatchRows = 10;
        private string? _pending;

        public string Id => id;

        /// <summary>Rows answered with 200.</summary>
        public int Acknowledged { get; private set; }

        /// <summary>Rows sent, acknowledged or retried to acknowledgement after the restart.</summary>
        public int Sent { get; private set; }

        public async Task StreamUntilFailureAsync(WandbClient client, string entity, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                _pending = Body(Acknowledged);
                try
                {
                    var (status, text) = await client.SharedFileStreamAsync(entity, "durability", "shared01", id, _pending);
                    Assert.True(status == 200, $"file_stream answered {status}: {text}");
                }
                catch (HttpRequestException)
                {
                    return; // the server is gone; the batch stays pending
                }

                Acknowledged += BatchRows;
                Sent = Acknowledged;
                _pending = null;
            }
        }

        public async Task RetryPendingAsync(WandbClient client, string entity)
        {
            if (_pending is not null)
            {
                var (status, text) = await client.SharedFileStreamAsync(entity, "durability", "shared01", id, _pending);
                Assert.True(status == 200, $"the retry answered {status}: {text}");
                Sent += BatchRows;
            }

            // And a batch more, to see the writer's next offset still lines up.
            var (next, nextText) = await client.SharedFileStreamAsync(entity, "durability", "shared01", id, Body(Sent));
            Assert.True(next == 200, nextText);
            Sent += BatchRows;
        }

        private string Body(int offset) => new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = new JsonObject
                {
                    ["offset"] = offset,
                    ["content"] = new JsonArray(Enumerable.Range(offset, BatchRows)
                        .Select(i => (JsonNode)$"{{\"writer\": \"{id}\", \"i\": {i}, \"loss\": {1000 - i}}}").ToArray()),
                },
            },
        }.ToJsonString();
    }

    private static async Task<string> ViewerEntityAsync(WandbClient client) =>
        (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
}
