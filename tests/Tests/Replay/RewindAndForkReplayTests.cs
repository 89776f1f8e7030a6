using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// The Go core's requests for <c>wandb.init(resume_from="rw0001?_step=4")</c> and <c>fork_from="rw0001?_step=2"</c>
/// (tests/fixtures/go-core-0.28.2-rewind-fork.jsonl, written from the 0.28.2 client source), replayed against a real
/// server of each profile: every answer holds the fields the Go core reads, the history line count it answers is the
/// offset the client then writes at, and a restart serves the same rewound and forked runs.
/// </summary>
public abstract class RewindAndForkReplayTests
{
    private const string Fixture = "go-core-0.28.2-rewind-fork.jsonl";

    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    [Fact]
    public async Task The_go_core_rewinds_and_forks_a_run_and_both_survive_a_restart()
    {
        using var deployment = await CreateDeploymentAsync();
        var requests = RecordedRequest.Load(Fixture);
        JsonNode before;
        await using (var group = await deployment.StartAsync())
        {
            var client = group.Primary.Client;
            int? expectedOffset = null;
            foreach (var request in requests)
            {
                if (request.IsFileStream)
                {
                    var offset = request.Body!["files"]!["wandb-history.jsonl"]?["offset"]?.GetValue<int>();
                    if (offset is not null && expectedOffset is not null)
                    {
                        // The Go core writes its next row at the history line count of the last answer it read.
                        Assert.Equal(expectedOffset, offset);
                        expectedOffset = null;
                    }

                    var segments = request.Path.Split('/');
                    var (status, text) = await client.FileStreamAsync(segments[2], segments[3], segments[4], request.Body.ToJsonString());
                    Assert.True(status == 200, $"seq {request.Seq}: {status} {text}");
                    continue;
                }

                var data = await client.QueryAsync(request.Body!["query"]!.GetValue<string>(), request.Body["variables"]);
                var run = request.Operation == "RewindRun" ? data["rewindRun"]!["rewoundRun"]! : data["upsertBucket"]!["bucket"]!;
                GoCoreReads(run, request.Body["variables"]!);
                // RewindRun's count always, an upsert's when it is above 0 (runupserter.go lockedUpdateFromUpsert).
                var count = run["historyLineCount"]!.GetValue<int>();
                if (request.Operation == "RewindRun" || count > 0)
                {
                    expectedOffset = count;
                }

                if (request.Operation == "RewindRun")
                {
                    Assert.Equal(5, expectedOffset);
                    Assert.Equal(0.1, JsonNode.Parse(run["config"]!.GetValue<string>())!["lr"]!["value"]!.GetValue<double>());
                }
            }

            before = await ReadBackAsync(client);
            await group.StopAsync();
        }

        Assert.Equal(Enumerable.Range(0, 8), Steps(before["rewound"]!));
        Assert.Equal(0.5 / 6, Loss(before["rewound"]!, 5));
        Assert.Equal(1.0 / 5, Loss(before["rewound"]!, 4));
        Assert.Equal(Enumerable.Range(0, 6), Steps(before["forked"]!));
        Assert.Equal(1.0 / 3, Loss(before["forked"]!, 2));
        Assert.Equal(2.0 / 4, Loss(before["forked"]!, 3));
        var forkConfig = JsonNode.Parse(before["forked"]!["config"]!.GetValue<string>())!;
        Assert.Equal(0.2, forkConfig["lr"]!["value"]!.GetValue<double>());
        Assert.Equal("rw0001", forkConfig["_wandb"]!["value"]!["branch_point"]!["run_id"]!.GetValue<string>());

        await using (var group = await deployment.StartAsync())
        {
            var after = await ReadBackAsync(group.Servers[^1].Client);
            Assert.True(JsonNode.DeepEquals(before, after), $"before: {before.ToJsonString()}\nafter: {after.ToJsonString()}");
        }
    }

    /// <summary>What the Go core reads of a rewound or upserted run (core/internal/runbranch/rewind.go, runupserter.go).</summary>
    private static void GoCoreReads(JsonNode run, JsonNode variables)
    {
        Assert.False(string.IsNullOrEmpty(run["id"]?.GetValue<string>()));
        Assert.Equal((variables["runName"] ?? variables["name"])!.GetValue<string>(), run["name"]!.GetValue<string>());
        Assert.Equal("branches", run["project"]!["name"]!.GetValue<string>());
        Assert.Equal("local", run["project"]!["entity"]!["name"]!.GetValue<string>());
        Assert.NotNull(run["historyLineCount"]);
        foreach (var (key, value) in JsonNode.Parse(run["config"]!.GetValue<string>())!.AsObject())
        {
            Assert.True(value is JsonObject { } wrapped && wrapped.ContainsKey("value"), $"config key {key} is not {{\"value\": …}}");
        }
    }

    private static async Task<JsonNode> ReadBackAsync(WandbClient client)
    {
        const string Query = """
            query($run: String!) { project(entityName: "local", name: "branches") { run(name: $run) {
              historyLineCount summaryMetrics config state history(samples: 100)
              historyKeys } } }
            """;
        var result = new JsonObject();
        foreach (var (label, run) in new[] { ("rewound", "rw0001"), ("forked", "fk0001") })
        {
            result[label] = (await client.QueryAsync(Query, new { run }))["project"]!["run"]!.DeepClone();
        }

        return result;
    }

    private static IEnumerable<int> Steps(JsonNode run) =>
        run["history"]!.AsArray().Select(row => JsonNode.Parse(row!.GetValue<string>())!["_step"]!.GetValue<int>());

    private static double Loss(JsonNode run, int step) =>
        run["history"]!.AsArray().Select(row => JsonNode.Parse(row!.GetValue<string>())!)
            .Single(row => row["_step"]!.GetValue<int>() == step)["loss"]!.GetValue<double>();
}
