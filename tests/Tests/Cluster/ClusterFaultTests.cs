using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// What the cluster promises when something breaks: a silo killed with -9, the database or the blob store gone.
/// Clients see 503s (which they retry), never a 4xx (which makes them drop data); nothing acknowledged is lost;
/// service resumes by itself. Tests that stop a dependency get a MariaDB and an Azurite of their own.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_one_of_three_silos_loses_no_acknowledged_row_and_its_runs_continue_on_the_survivors()
    {
        using var deployment = await ServerDeployment.ClusterAsync(silos: 3);
        await using var group = await deployment.StartAsync();
        var clients = group.Servers.Select(s => s.Client).ToList();
        var entity = await ViewerEntityAsync(clients[0]);

        // Nine runs, three through each silo, so that grains live on every silo (the dead one included).
        var runs = Enumerable.Range(0, 9).Select(i => $"kill{i:D2}").ToList();
        var scripts = runs.Select((run, i) => new RunStreamScript(clients[i % 3], entity, "faults", run)).ToList();
        for (var i = 0; i < runs.Count; i++)
        {
            await UpsertAsync(clients[i % 3], entity, runs[i]);
        }

        for (var batch = 0; batch < 3; batch++)
        {
            await Task.WhenAll(scripts.Select(script => script.SendHistoryAsync(40)));
        }

        await group.Servers[2].KillAsync();

        // The clients keep streaming to the silo they know first; those that talked to the dead one get refused
        // connections, and their retries (load-balanced) land on the survivors.
        var failures = new List<string>();
        for (var batch = 0; batch < 3; batch++)
        {
            var attempts = await Task.WhenAll(scripts.Select((script, i) =>
                script.SendHistoryRetryingAsync(40, [clients[i % 3], clients[(i + 1) % 3], clients[(i + 2) % 3]], Patience)));
            failures.AddRange(attempts.SelectMany(a => a));
        }

        Assert.NotEmpty(failures);
        var survivors = clients.Take(2).ToList();

        foreach (var (run, i) in runs.Select((run, i) => (run, i)))
        {
            var back = await new RunStreamScript(survivors[i % 2], entity, "faults", run).ReadBackAsync();
            Assert.Equal(scripts[i].AcknowledgedHistory.Count, back["historyLineCount"]!.GetValue<int>());
            Assert.Equal(scripts[i].AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
            Assert.Equal(scripts[i].AcknowledgedSummary, back["summaryMetrics"]!.GetValue<string>());

            // Grain state written before the kill (the upsert's display name and config) came back with the run.
            var meta = await ReadMetadataAsync(survivors[(i + 1) % 2], entity, run);
            Assert.Equal("display " + run, meta["displayName"]!.GetValue<string>());
            Assert.Equal(run, JsonNode.Parse(meta["config"]!.GetValue<string>())!["tag"]!["value"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task After_kill_9_of_every_silo_one_silo_restarted_alone_serves_writes_and_reads()
    {
        using var deployment = await ServerDeployment.ClusterAsync(silos: 2);
        string entity;
        RunStreamScript script;
        await using (var group = await deployment.StartAsync())
        {
            entity = await ViewerEntityAsync(group.Primary.Client);
            await UpsertAsync(group.Primary.Client, entity, "lone01");
            script = new RunStreamScript(group.Servers[1].Client, entity, "faults", "lone01");
            await script.SendHistoryAsync(40);
            await group.KillAsync();
        }

        // The membership table still lists both dead silos as active: the lone silo must not wait for them.
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var lone = await deployment.StartAsync(silos: 1, readyWithin: TimeSpan.FromMinutes(4));
        var ready = started.Elapsed;
        var client = lone.Primary.Client;
        var resumed = new RunStreamScript(client, entity, "faults", "lone01");
        resumed.AcknowledgedHistory.AddRange(script.AcknowledgedHistory);
        await resumed.SendHistoryAsync(40);

        var back = await resumed.ReadBackAsync();
        Assert.Equal(resumed.AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
        Assert.Equal(resumed.AcknowledgedSummary, back["summaryMetrics"]!.GetValue<string>());
        Console.WriteLine($"lone silo ready after {ready.TotalSeconds:F1} s, served a write and a read after {started.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Without_the_database_requests_get_503_and_service_resumes_when_it_returns()
    {
        await using var dependencies = await ClusterDependencies.StartAsync();
        using var deployment = await ServerDeployment.ClusterAsync(silos: 2, dependencies);
        await using var group = await deployment.StartAsync();
        await OutageAsync(group, dependencies.StopMySqlAsync, dependencies.StartMySqlAsync, "nodb");
    }

    [Fact]
    public async Task Without_the_blob_store_requests_get_503_and_service_resumes_when_it_returns()
    {
        await using var dependencies = await ClusterDependencies.StartAsync();
        using var deployment = await ServerDeployment.ClusterAsync(silos: 2, dependencies);
        await using var group = await deployment.StartAsync();
        await OutageAsync(group, dependencies.StopBlobAsync, dependencies.StartBlobAsync, "noblob");
    }

    /// <summary>
    /// Streams a run, takes a dependency away, checks that every answer meanwhile is a 200 or a 503 (and that a new
    /// run cannot be refused with a 4xx), brings it back, and checks that streaming resumes and that every
    /// acknowledged row is there.
    /// </summary>
    private static async Task OutageAsync(ServerGroup group, Func<Task> stop, Func<Task> start, string run)
    {
        var clients = group.Servers.Select(s => s.Client).ToList();
        var entity = await ViewerEntityAsync(clients[0]);
        var script = new RunStreamScript(clients[0], entity, "outage", run);
        await UpsertAsync(clients[0], entity, run);
        for (var batch = 0; batch < 3; batch++)
        {
            await script.SendHistoryAsync(30);
        }

        await stop();
        var statuses = new List<int>();
        var graphQLRetryAfter = new List<TimeSpan?>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            statuses.Add(await script.TrySendHistoryAsync(30, clients[attempt % 2]));
            statuses.Add(await TryUpsertAsync(clients[attempt % 2], entity, $"{run}-new{attempt}", graphQLRetryAfter));
        }

        Assert.All(statuses, status => Assert.True(status is 200 or 503, $"answered {status} during the outage: {string.Join(", ", statuses)}"));
        Assert.Contains(503, statuses);

        // file_stream's 503s say when to come back: the Go core then retries after 2 s instead of backing off up to
        // a minute, and resumes right after the outage.
        Assert.All(script.RetryAfterOf503s, wait => Assert.Equal(TimeSpan.FromSeconds(2), wait));

        // GraphQL's 503s too, with the outage's age so far (wandb-core retries GraphQL only 20 times).
        Assert.All(graphQLRetryAfter, wait => Assert.InRange(wait ?? TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60)));

        await start();
        var failures = await script.SendHistoryRetryingAsync(30, clients, Patience);
        await script.SendHistoryAsync(30);

        foreach (var client in clients)
        {
            var back = await new RunStreamScript(client, entity, "outage", run).ReadBackAsync();
            Assert.True(script.AcknowledgedHistory.Count == back["historyLineCount"]!.GetValue<int>(), $"retries: {string.Join(", ", failures)}");
            Assert.Equal(script.AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
        }
    }

    private static async Task<int> TryUpsertAsync(WandbClient client, string entity, string run, List<TimeSpan?> retryAfterOf503s)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            query = UpsertDocument,
            variables = new { entity, project = "outage", name = run, displayName = "x", config = "{}" },
        });
        using var response = await client.SendAsync(HttpMethod.Post, "/graphql", payload);
        if ((int)response.StatusCode == 503)
        {
            retryAfterOf503s.Add(response.Headers.RetryAfter?.Delta);
        }

        return (int)response.StatusCode;
    }

    private static async Task UpsertAsync(WandbClient client, string entity, string run)
    {
        var (status, body) = await client.GraphQLAsync(UpsertDocument, new
        {
            entity,
            project = run.StartsWith("kill", StringComparison.Ordinal) ? "faults" : "outage",
            name = run,
            displayName = "display " + run,
            config = $$$"""{"tag": {"value": "{{{run}}}"}}""",
        });
        Assert.True(status == 200 && body?["errors"] is null, $"upsertBucket answered {status}: {body?.ToJsonString()}");
    }

    private static async Task<JsonNode> ReadMetadataAsync(WandbClient client, string entity, string run)
    {
        var data = await client.QueryAsync(
            """
            query Run($entity: String!, $run: String!) {
              project(name: "faults", entityName: $entity) { run(name: $run) { displayName config } }
            }
            """, new { entity, run });
        return data["project"]!["run"]!;
    }

    private static async Task<string> ViewerEntityAsync(WandbClient client) =>
        (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();

    private const string UpsertDocument = """
        mutation UpsertBucket($entity: String!, $project: String!, $name: String!, $displayName: String, $config: JSONString) {
          upsertBucket(input: {entityName: $entity, modelName: $project, name: $name, displayName: $displayName, config: $config}) {
            bucket { id name displayName }
            inserted
          }
        }
        """;
}
