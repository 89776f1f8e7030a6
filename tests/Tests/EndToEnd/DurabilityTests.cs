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

    private static async Task<string> ViewerEntityAsync(WandbClient client) =>
        (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
}
