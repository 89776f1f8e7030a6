using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// Shared mode over HTTP: several writers log to one run, each counting file_stream offsets from 0 on its own and
/// sending <c>X-WANDB-USE-ASYNC-FILESTREAM</c> with its <c>X-WANDB-ASYNC-CLIENT-ID</c>, as the Go core does
/// (wandb v0.28.2 core/internal/stream/stream_init.go:NewFileStream). No writer's rows replace another's; a
/// writer's resend is stored once. Each profile runs the same specification
/// (<see cref="EmbeddedSharedModeTests"/>, <see cref="Cluster.ClusterSharedModeTests"/>).
/// </summary>
public abstract class SharedModeTests(SharedModeTests.App app)
{
    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new() { ["ADMIN_USERNAME"] = Entity, ["Runs:MaxSharedWriters"] = "16" };

    public abstract class App : ProfileServer;

    private const string Entity = "sharedmode";
    private const string Project = "distributed";

    private WandbClient Client => app.Factory.CreateAdminClient();

    private static string Row(int writer, int i) => $"{{\"writer\": {writer}, \"i\": {i}, \"loss\": {1000 - i}}}";

    private static string HistoryBody(int offset, IEnumerable<string> rows, string? summary = null)
    {
        var files = new JsonObject
        {
            ["wandb-history.jsonl"] = new JsonObject { ["offset"] = offset, ["content"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()) },
        };
        if (summary is not null)
        {
            files["wandb-summary.json"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray(summary) };
        }

        return new JsonObject { ["files"] = files, ["dropped"] = 0 }.ToJsonString();
    }

    private async Task SendAsync(string run, string writer, string body)
    {
        var (status, text) = await Client.SharedFileStreamAsync(Entity, Project, run, writer, body);
        Assert.True(status == 200, $"file_stream answered {status}: {text}");
    }

    private async Task<JsonNode> ReadAsync(string run) =>
        (await Client.QueryAsync(
            """
            query Run($entity: String!, $project: String!, $run: String!) {
              project(name: $project, entityName: $entity) { run(name: $run) { historyLineCount summaryMetrics history(samples: 100000) } }
            }
            """, new { entity = Entity, project = Project, run }))["project"]!["run"]!;

    private static List<JsonNode> Rows(JsonNode run) =>
        run["history"]!.AsArray().Select(n => JsonNode.Parse(n!.GetValue<string>())!).ToList();

    [Fact]
    public async Task Two_writers_each_at_offset_0_keep_all_four_rows()
    {
        await SendAsync("two00001", "writer-a", HistoryBody(0, [Row(0, 0), Row(0, 1)]));
        await SendAsync("two00001", "writer-b", HistoryBody(0, [Row(1, 0), Row(1, 1)]));

        var run = await ReadAsync("two00001");
        Assert.Equal(4, run["historyLineCount"]!.GetValue<int>());
        var rows = Rows(run);
        Assert.Equal([0, 0, 1, 1], rows.Select(r => r["writer"]!.GetValue<int>()));
        Assert.Equal([0, 1, 2, 3], rows.Select(r => r["_step"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Eight_concurrent_writers_with_resends_keep_every_row_once_in_each_writers_order()
    {
        const int writers = 8, batches = 12, perBatch = 5;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            for (var b = 0; b < batches; b++)
            {
                var body = HistoryBody(b * perBatch, Enumerable.Range(b * perBatch, perBatch).Select(i => Row(w, i)));
                await SendAsync("eight001", $"writer-{w}", body);
                if ((b + w) % 3 == 0)
                {
                    // The client's retry of a request whose answer it never saw: the same body again.
                    await SendAsync("eight001", $"writer-{w}", body);
                }
            }
        }));

        var run = await ReadAsync("eight001");
        Assert.Equal(writers * batches * perBatch, run["historyLineCount"]!.GetValue<int>());
        var rows = Rows(run);
        Assert.Equal(Enumerable.Range(0, writers * batches * perBatch), rows.Select(r => r["_step"]!.GetValue<int>()));
        for (var w = 0; w < writers; w++)
        {
            Assert.Equal(Enumerable.Range(0, batches * perBatch), rows.Where(r => r["writer"]!.GetValue<int>() == w).Select(r => r["i"]!.GetValue<int>()));
        }
    }

    [Fact]
    public async Task Summaries_of_two_writers_merge_instead_of_the_last_replacing_the_first()
    {
        await SendAsync("summary1", "writer-a", HistoryBody(0, [Row(0, 0)], "{\"loss_a\": 0.5, \"epoch\": 1}"));
        await SendAsync("summary1", "writer-b", HistoryBody(0, [Row(1, 0)], "{\"loss_b\": 0.25, \"epoch\": 2}"));

        var summary = JsonNode.Parse((await ReadAsync("summary1"))["summaryMetrics"]!.GetValue<string>())!;
        Assert.Equal(0.5, summary["loss_a"]!.GetValue<double>());
        Assert.Equal(0.25, summary["loss_b"]!.GetValue<double>());
        Assert.Equal(2, summary["epoch"]!.GetValue<int>());
    }

    [Fact]
    public async Task Configs_of_two_writers_upserting_the_run_merge_by_key()
    {
        await UpsertAsync("config01", "writer-a", """{"lr": {"value": 0.1}, "nodes": {"value": 2}}""");
        await UpsertAsync("config01", "writer-b", """{"batch": {"value": 64}, "nodes": {"value": 4}}""");

        var config = JsonNode.Parse((await Client.QueryAsync(
            """
            query Run($entity: String!, $project: String!) { project(name: $project, entityName: $entity) { run(name: "config01") { config } } }
            """, new { entity = Entity, project = Project }))["project"]!["run"]!["config"]!.GetValue<string>())!;
        Assert.Equal(0.1, config["lr"]!["value"]!.GetValue<double>());
        Assert.Equal(64, config["batch"]!["value"]!.GetValue<int>());
        Assert.Equal(4, config["nodes"]!["value"]!.GetValue<int>());
    }

    /// <summary>upsertBucket as the Go core sends it in shared mode (wandb v0.28.2 core/internal/stream/stream_init.go:NewGraphQLClient).</summary>
    private async Task UpsertAsync(string run, string writer, string config)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            query = "mutation UpsertBucket($name: String, $project: String, $entity: String, $config: JSONString) { upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, config: $config}) { bucket { id } } }",
            variables = new { name = run, project = Project, entity = Entity, config },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("api:" + app.Factory.AdminApiKey)));
        request.Headers.Add("X-WANDB-USE-ASYNC-FILESTREAM", "true");
        request.Headers.Add("X-WANDB-CLIENT-ID", writer);
        using var response = await Client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && !text.Contains("\"errors\"", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task An_ordinary_writer_still_writes_at_its_offsets()
    {
        var body = HistoryBody(0, ["{\"loss\": 1, \"_step\": 0}"]);
        Assert.Equal(200, (await Client.FileStreamAsync(Entity, Project, "plain001", body)).Status);
        Assert.Equal(200, (await Client.FileStreamAsync(Entity, Project, "plain001", body)).Status);

        Assert.Equal(1, (await ReadAsync("plain001"))["historyLineCount"]!.GetValue<int>());
    }
}
