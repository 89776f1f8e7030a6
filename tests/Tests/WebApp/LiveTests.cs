using System.Net;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// Server push: the run and project event streams announce a change as soon as the grains record one (no polling),
/// the console output reads back by line, and the streams check who is asking like every other read.
/// Each profile runs the same specification (<see cref="EmbeddedLiveTests"/>, <see cref="Cluster.ClusterLiveTests"/>).
/// </summary>
public abstract class LiveTests(LiveTests.App app)
{
    public abstract class App : ProfileServer;

    private static string History(int step) => new JsonObject
    {
        ["files"] = new JsonObject
        {
            ["wandb-history.jsonl"] = new JsonObject { ["offset"] = step, ["content"] = new JsonArray($"{{\"loss\": 1, \"_step\": {step}}}") },
            ["output.log"] = new JsonObject { ["offset"] = step, ["content"] = new JsonArray($"line {step}\n") },
        },
    }.ToJsonString();

    [Fact]
    public async Task A_run_stream_says_ready_then_announces_each_durable_change()
    {
        var client = app.Factory.CreateAdminClient();
        Assert.Equal(200, (await client.FileStreamAsync("local", "live", "run-live1", History(0))).Status);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await OpenStreamAsync("/api/live/runs/local/live/run-live1", timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var ready = await NextEventAsync(reader, timeout.Token);
        Assert.Equal("ready", ready.Name);

        Assert.Equal(200, (await client.FileStreamAsync("local", "live", "run-live1", History(1))).Status);
        var change = await NextEventAsync(reader, timeout.Token);
        Assert.Equal("change", change.Name);
        Assert.True(long.Parse(change.Data) > long.Parse(ready.Data));
    }

    [Fact]
    public async Task A_project_stream_announces_a_new_run()
    {
        var client = app.Factory.CreateAdminClient();
        Assert.Equal(200, (await client.FileStreamAsync("local", "live-proj", "first", History(0))).Status);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await OpenStreamAsync("/api/live/projects/local/live-proj", timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("ready", (await NextEventAsync(reader, timeout.Token)).Name);

        Assert.Equal(200, (await client.FileStreamAsync("local", "live-proj", "second", History(0))).Status);
        Assert.Equal("change", (await NextEventAsync(reader, timeout.Token)).Name);
    }

    [Fact]
    public async Task Console_output_reads_back_from_any_line()
    {
        var client = app.Factory.CreateAdminClient();
        for (var step = 0; step < 3; step++)
        {
            Assert.Equal(200, (await client.FileStreamAsync("local", "live", "run-output", History(step))).Status);
        }

        using var response = await client.SendAsync(HttpMethod.Get, "/api/v1/runs/local/live/run-output/output?from=1", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, body["start"]!.GetValue<int>());
        Assert.Equal(3, body["total"]!.GetValue<int>());
        Assert.Equal(["line 1", "line 2"], body["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public async Task Streams_and_output_need_credentials_and_read_access()
    {
        var anonymous = app.Factory.CreateWandbClient(null);
        using (var response = await anonymous.SendAsync(HttpMethod.Get, "/api/live/runs/local/live/run-live1", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var (_, otherKey) = await TestUsers.CreateAsync(app.Factory, "outsider");
        var outsider = app.Factory.CreateWandbClient(otherKey);
        foreach (var path in new[] { "/api/live/projects/local/live", "/api/v1/runs/local/live/run-output/output" })
        {
            using var response = await outsider.SendAsync(HttpMethod.Get, path, null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    private async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AppSession.ApiKeyHeader(app.Factory.AdminApiKey);
        var response = await app.Factory.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>The next named event of a text/event-stream (comments are keep-alives and skipped).</summary>
    private static async Task<(string Name, string Data)> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    return (name, data ?? "");
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }
}
