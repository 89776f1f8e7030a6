using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// What <c>wandb.Api()</c> does to runs over HTTP (docs/protocol/runs.md#upsertbucket, docs/protocol/runs.md#runs-and-run): run listings with filters and
/// orders, <c>run.update()</c> and summary updates that never change state, <c>updateRunState</c>, <c>deleteRun</c>.
/// </summary>
public sealed class PublicApiTests(PublicApiTests.App app) : IClassFixture<PublicApiTests.App>
{
    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new(new Dictionary<string, string> { ["ADMIN_USERNAME"] = "public" });

        public void Dispose() => Factory.Dispose();
    }

    private const string Entity = "public";

    private const string RunsQuery = """
        query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
          project(name: $project, entityName: $entity) {
            internalId runCount(filters: $filters) readOnly
            runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
              edges { node { projectId id name state config summaryMetrics tags group jobType __typename } cursor }
              pageInfo { endCursor hasNextPage }
            }
          }
        }
        """;

    private WandbClient Client => app.Factory.CreateAdminClient();

    private async Task<string> FinishedRunAsync(string project, string name, string config, string summary)
    {
        var data = await Client.QueryAsync(
            """
            mutation UpsertBucket($name: String, $project: String, $config: JSONString) {
              upsertBucket(input: {name: $name, modelName: $project, config: $config}) { bucket { id } }
            }
            """, new { name, project, config });
        var body = new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray("{\"loss\": 0.5, \"_step\": 0}", "{\"loss\": NaN, \"_step\": 1}") },
                ["wandb-summary.json"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray(summary) },
            },
        };
        Assert.Equal(200, (await Client.FileStreamAsync(Entity, project, name, body.ToJsonString())).Status);
        Assert.Equal(200, (await Client.FileStreamAsync(Entity, project, name, "{\"complete\": true, \"exitcode\": 0}")).Status);
        return data["upsertBucket"]!["bucket"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Runs_are_filtered_ordered_counted_and_paged_by_the_project()
    {
        const string project = "listing";
        for (var i = 0; i < 9; i++)
        {
            await FinishedRunAsync(project, $"list{i:D4}",
                $"{{\"lr\": {{\"desc\": null, \"value\": {(i % 3) * 0.1}}}, \"opt\": {{\"value\": \"{(i % 2 == 0 ? "adam" : "sgd")}\"}}}}",
                $"{{\"acc\": {i / 10.0}, \"best\": NaN}}");
        }

        var filters = "{\"$and\": [{\"config.opt\": \"adam\"}, {\"summary_metrics.acc\": {\"$gte\": 0.2}}]}";
        var names = new List<string>();
        string? cursor = null;
        while (true)
        {
            var data = await Client.QueryAsync(RunsQuery, new { project, entity = Entity, order = "-summary_metrics.acc", filters, perPage = 2, cursor });
            var runs = data["project"]!;
            Assert.Equal(4, runs["runCount"]!.GetValue<int>());
            var edges = runs["runs"]!["edges"]!.AsArray();
            Assert.All(edges, e => Assert.Equal("Run", e!["node"]!["__typename"]!.GetValue<string>()));
            Assert.All(edges, e => Assert.Equal(runs["internalId"]!.GetValue<int>(), e!["node"]!["projectId"]!.GetValue<int>()));
            names.AddRange(edges.Select(e => e!["node"]!["name"]!.GetValue<string>()));
            if (!runs["runs"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }

            cursor = edges[^1]!["cursor"]!.GetValue<string>();
        }

        Assert.Equal(["list0008", "list0006", "list0004", "list0002"], names);
    }

    [Theory]
    [InlineData("{\"config.lr\": {\"$near\": 1}}", "$near")]
    [InlineData("{\"metrics.acc\": 1}", "metrics.acc")]
    public async Task An_unknown_filter_operator_or_field_is_a_400_naming_it(string filters, string named)
    {
        await FinishedRunAsync("badfilters", "bad" + named.Length + named[1], "{}", "{}");
        var (status, body) = await Client.GraphQLAsync(RunsQuery, new { project = "badfilters", entity = Entity, filters });
        Assert.True(status == 400, body?.ToJsonString());
        Assert.Contains(named, body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task Run_update_from_the_public_api_changes_fields_config_and_summary_but_never_the_state()
    {
        var id = await FinishedRunAsync("updates", "update01", "{\"lr\": {\"desc\": null, \"value\": 0.1}}", "{\"acc\": 0.5}");
        var update = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                query = """
                    mutation UpsertBucket($id: String!, $description: String, $display_name: String, $notes: String, $tags: [String!], $config: JSONString!, $groupName: String, $jobType: String) {
                      upsertBucket(input: {id: $id, description: $description, displayName: $display_name, notes: $notes, tags: $tags, config: $config, groupName: $groupName, jobType: $jobType}) { bucket { id state } }
                    }
                    """,
                variables = new { id, display_name = "renamed", notes = "new notes", tags = new[] { "a", "b" }, config = "{\"lr\": {\"desc\": null, \"value\": 0.2}}", groupName = "g1", jobType = "eval", entity = Entity, project = "updates", name = "update01" },
            }), System.Text.Encoding.UTF8, "application/json"),
        };
        update.Headers.TryAddWithoutValidation("User-Agent", "W&B Public Client 0.16.6");
        update.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("api:" + app.Factory.AdminApiKey)));
        using (var response = await app.Factory.CreateClient().SendAsync(update))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        await Client.QueryAsync(
            "mutation UpsertBucket($id: String, $summaryMetrics: JSONString) { upsertBucket(input: {id: $id, summaryMetrics: $summaryMetrics}) { bucket { id } } }",
            new { id, summaryMetrics = "{\"acc\": 0.75, \"best\": NaN}" });

        var run = (await Client.QueryAsync(
            """
            query Run($project: String!, $entity: String!, $name: String!) {
              project(name: $project, entityName: $entity) { run(name: $name) { state displayName notes tags group jobType config summaryMetrics } }
            }
            """, new { project = "updates", entity = Entity, name = "update01" }))["project"]!["run"]!;
        Assert.Equal("finished", run["state"]!.GetValue<string>());
        Assert.Equal(("renamed", "new notes", "g1", "eval"), (run["displayName"]!.GetValue<string>(), run["notes"]!.GetValue<string>(), run["group"]!.GetValue<string>(), run["jobType"]!.GetValue<string>()));
        Assert.Equal(["a", "b"], run["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("{\"lr\": {\"desc\": null, \"value\": 0.2}}", run["config"]!.GetValue<string>());
        Assert.Equal("{\"acc\": 0.75, \"best\": NaN}", run["summaryMetrics"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_run_state_sets_failed_or_pending_and_refuses_anything_else()
    {
        var id = await FinishedRunAsync("states", "state001", "{}", "{}");
        var data = await Client.QueryAsync("mutation UpdateRunState($input: UpdateRunStateInput!) { updateRunState(input: $input) { success } }", new { input = new { id, state = "failed" } });
        Assert.True(data["updateRunState"]!["success"]!.GetValue<bool>());
        var (status, body) = await Client.GraphQLAsync("mutation UpdateRunState($input: UpdateRunStateInput!) { updateRunState(input: $input) { success } }", new { input = new { id, state = "finished" } });
        Assert.True(status == 400, body?.ToJsonString());
        Assert.Contains("pending", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var run = await Client.QueryAsync("query { project(name: \"states\", entityName: \"public\") { run(name: \"state001\") { state } } }");
        Assert.Equal("failed", run["project"]!["run"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_run_removes_the_run_its_log_history_and_row()
    {
        var id = await FinishedRunAsync("deletes", "delete01", "{}", "{}");
        await FinishedRunAsync("deletes", "keep0001", "{}", "{}");
        var before = await Client.QueryAsync(RunsQuery, new { project = "deletes", entity = Entity });
        Assert.Equal(2, before["project"]!["runCount"]!.GetValue<int>());

        await Client.QueryAsync("mutation DeleteRun($id: ID!) { deleteRun(input: {id: $id}) { clientMutationId } }", new { id });

        var after = await Client.QueryAsync(RunsQuery, new { project = "deletes", entity = Entity });
        Assert.Equal(1, after["project"]!["runCount"]!.GetValue<int>());
        Assert.Equal("keep0001", after["project"]!["runs"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>());
        var gone = await Client.QueryAsync("query { project(name: \"deletes\", entityName: \"public\") { run(name: \"delete01\") { id } } }");
        Assert.Null(gone["project"]!["run"]);
        Assert.False(File.Exists(Path.Combine(app.Factory.DataDir, "history", Entity, "deletes", "delete01.log")));
        Assert.False(Directory.Exists(Path.Combine(app.Factory.DataDir, "segments", Entity, "deletes", "delete01")));
        Assert.True(File.Exists(Path.Combine(app.Factory.DataDir, "history", Entity, "deletes", "keep0001.log")));

        // The name is free again: a new run of that name starts empty.
        var fresh = await FinishedRunAsync("deletes", "delete01", "{}", "{}");
        Assert.NotEqual(id, fresh);
        var history = await Client.QueryAsync("query { project(name: \"deletes\", entityName: \"public\") { run(name: \"delete01\") { history(samples: 10) } } }");
        Assert.Equal(2, history["project"]!["run"]!["history"]!.AsArray().Count);
    }
}
