using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// Every recorded request of the real clients (Python 0.16.6 in its three scenarios, JS 0.5.1) is sent to a
/// fresh server in order, with server-issued URLs substituted; every answer must carry what the client reads,
/// injected faults' retries must be accepted, and the stored runs must end up as the clients left them.
/// Each profile runs the same specification (<see cref="EmbeddedFixtureReplayTests"/>, <see cref="ClusterFixtureReplayTests"/>).
/// </summary>
public abstract class FixtureReplayTests
{
    private static readonly HttpClient Direct = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A fresh server of the profile under test.</summary>
    protected abstract Task<WandbAppFactory> StartAppAsync();

    [Theory]
    [InlineData("python-0.16.6-main.jsonl", "capture-user")]
    [InlineData("python-0.16.6-old-server.jsonl", "capture-user")]
    [InlineData("python-0.16.6-faults.jsonl", "capture-user")]
    [InlineData("js-0.5.1-main.jsonl", "capture-entity")]
    public async Task Every_recorded_request_is_answered_with_what_the_client_reads(string fixture, string viewerEntity)
    {
        using var app = await StartAppAsync();
        await ReplayAsync(app, await ClientUserAsync(app, viewerEntity), RecordedRequest.Load(fixture));
    }

    [Fact]
    public async Task After_the_python_main_replay_the_resumed_run_is_finished_with_205_rows()
    {
        using var app = await StartAppAsync();
        var apiKey = await ClientUserAsync(app, "capture-user");
        await ReplayAsync(app, apiKey, RecordedRequest.Load("python-0.16.6-main.jsonl"));

        var run = await ReadRunAsync(app, "capture-user", "capture-proj", "a3z59p3j");
        Assert.Equal("finished", run["state"]!.GetValue<string>());
        Assert.Equal(205, run["historyLineCount"]!.GetValue<int>());
        Assert.Equal(204, run["historyKeys"]!["lastStep"]!.GetValue<int>());
        Assert.Equal(204, JsonNode.Parse(run["summaryMetrics"]!.GetValue<string>())!["_step"]!.GetValue<int>());
        Assert.Equal(6, run["fileCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("python-0.16.6-old-server.jsonl", "bcs2xukn")]
    [InlineData("python-0.16.6-faults.jsonl", "7ck1q1bq")]
    public async Task After_a_python_replay_without_resume_the_run_has_200_rows(string fixture, string runName)
    {
        using var app = await StartAppAsync();
        var apiKey = await ClientUserAsync(app, "capture-user");
        await ReplayAsync(app, apiKey, RecordedRequest.Load(fixture));

        var run = await ReadRunAsync(app, "capture-user", "capture-proj", runName);
        Assert.Equal("finished", run["state"]!.GetValue<string>());
        Assert.Equal(200, run["historyLineCount"]!.GetValue<int>());
        Assert.Equal(199, run["historyKeys"]!["lastStep"]!.GetValue<int>());
        Assert.Equal(6, run["fileCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_python_sweep_cli_and_agent_replay_runs_the_grid_in_order_and_leaves_the_sweep_finished()
    {
        // Recorded against our server as its admin `local`: wandb sweep, wandb agent --count 2, --pause, --resume,
        // the public API (api.sweep, sweep.runs, best_run, project.sweeps, run.sweep), --stop.
        using var app = await StartAppAsync();
        var ids = new SweepIdMap();
        await ReplayAsync(app, app.AdminApiKey, RecordedRequest.Load("python-0.16.6-sweep-agent.jsonl"), ids);

        var sweepName = ids.Live("d1qpx6jl");
        var data = await app.CreateAdminClient().QueryAsync(
            """
            query($s: String!, $f: JSONString) {
              project(entityName: "local", name: "sweepdemo") {
                totalSweeps
                sweep(sweepName: $s) { state runCount runCountExpected bestLoss agents { edges { node { totalRuns } } } }
                runs(filters: $f) { edges { node { name state sweepName } } }
              }
            }
            """, new { s = sweepName, f = $$"""{"sweep": "{{sweepName}}"}""" });
        var sweep = data["project"]!["sweep"]!;
        Assert.Equal("FINISHED", sweep["state"]!.GetValue<string>());
        Assert.Equal(2, sweep["runCount"]!.GetValue<int>());
        Assert.Equal(6, sweep["runCountExpected"]!.GetValue<int>());
        Assert.Equal(0.2081, sweep["bestLoss"]!.GetValue<double>(), 6);
        Assert.Equal(2, sweep["agents"]!["edges"]![0]!["node"]!["totalRuns"]!.GetValue<int>());
        var runs = data["project"]!["runs"]!["edges"]!.AsArray();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, edge => Assert.Equal("finished", edge!["node"]!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_python_in_process_agent_replay_runs_count_grid_points_and_best_run_follows_the_sweep_metric()
    {
        // Recorded against our server as its admin `local` (scripts/sweep-function-fixture-train.py): wandb.sweep(config),
        // wandb.agent(sweep_id, function=train, count=3), then api.sweep(path), best_run() by the nested metric
        // val.loss, best_run(order=...), expected_run_count, sweep.runs, api.run(...).sweep.
        using var app = await StartAppAsync();
        var ids = new SweepIdMap();
        await ReplayAsync(app, app.AdminApiKey, RecordedRequest.Load("python-0.16.6-sweep-function.jsonl"), ids);

        var sweepName = ids.Live("bktlooyh");
        var data = await app.CreateAdminClient().QueryAsync(
            """
            query($s: String!, $f: JSONString) {
              project(entityName: "local", name: "sweepfn") {
                sweep(sweepName: $s) { state runCount runCountExpected bestLoss agents { edges { node { totalRuns state } } } }
                runs(filters: $f, order: "+summary_metrics.val.loss") { edges { node { name state sweepName } } }
              }
            }
            """, new { s = sweepName, f = $$"""{"$and": [{"sweep": "{{sweepName}}"}]}""" });
        var sweep = data["project"]!["sweep"]!;

        // count=3 of a 6-point grid: the agent stopped, the sweep goes on for the next agent.
        Assert.Equal("RUNNING", sweep["state"]!.GetValue<string>());
        Assert.Equal(3, sweep["runCount"]!.GetValue<int>());
        Assert.Equal(6, sweep["runCountExpected"]!.GetValue<int>());
        Assert.Equal(0.2, sweep["bestLoss"]!.GetValue<double>(), 6);
        Assert.Equal(3, sweep["agents"]!["edges"]![0]!["node"]!["totalRuns"]!.GetValue<int>());
        var runs = data["project"]!["runs"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal([ids.Live("3o7e940d"), ids.Live("x9un5o9n"), ids.Live("30sfm2wc")], runs.Select(r => r["name"]!.GetValue<string>()));
        Assert.All(runs, run => Assert.Equal("finished", run["state"]!.GetValue<string>()));
        Assert.All(runs, run => Assert.Equal(sweepName, run["sweepName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_python_link_replay_leaves_portfolios_that_resolve_to_the_logged_versions()
    {
        // Recorded against our server as its admin `local` (scripts/link-fixture-train.py): run.link_artifact twice,
        // run.link_model, the public API reading the portfolio by alias and version and downloading, artifact.link().
        using var app = await StartAppAsync();
        await ReplayAsync(app, app.AdminApiKey, RecordedRequest.Load("python-0.16.6-link.jsonl"), check: CheckAsRecorded);

        var data = await app.CreateAdminClient().QueryAsync(
            """
            {
              registry: project(entityName: "local", name: "registry-demo") {
                production: artifact(name: "prod-weights:production") { id digest artifactSequence { name } }
                best: artifact(name: "prod-weights:best") { id }
                staging: artifact(name: "prod-weights:staging") { id }
                artifactCollection(name: "prod-weights") { __typename artifacts { totalCount } }
              }
              source: project(entityName: "local", name: "link-src") { artifact(name: "weights:v1") { id digest } }
              models: project(entityName: "local", name: "model-registry") {
                artifact(name: "classifier:candidate") { artifactSequence { name } }
              }
            }
            """);
        var registry = data["registry"]!;
        Assert.Equal(data["source"]!["artifact"]!["id"]!.GetValue<string>(), registry["production"]!["id"]!.GetValue<string>());
        Assert.Equal(data["source"]!["artifact"]!["digest"]!.GetValue<string>(), registry["production"]!["digest"]!.GetValue<string>());
        Assert.Equal("weights", registry["production"]!["artifactSequence"]!["name"]!.GetValue<string>());
        Assert.Equal(registry["production"]!["id"]!.GetValue<string>(), registry["best"]!["id"]!.GetValue<string>());
        Assert.NotEqual(registry["production"]!["id"]!.GetValue<string>(), registry["staging"]!["id"]!.GetValue<string>());
        Assert.Equal("ArtifactPortfolio", registry["artifactCollection"]!["__typename"]!.GetValue<string>());
        Assert.Equal(2, registry["artifactCollection"]!["artifacts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("weights-dir", data["models"]!["artifact"]!["artifactSequence"]!["name"]!.GetValue<string>());
    }

    /// <summary>
    /// For fixtures recorded against our own server: each link answers the recorded index, and each read by name the
    /// recorded aliases of the collection it named (ours then, so what the client accepted).
    /// </summary>
    private static void CheckAsRecorded(RecordedRequest request, JsonNode data)
    {
        switch (request.Operation)
        {
            case "LinkArtifact":
                Assert.Equal(
                    request.ExampleResponse!["data"]!["linkArtifact"]!["versionIndex"]!.GetValue<int>(),
                    data["linkArtifact"]!["versionIndex"]!.GetValue<int>());
                break;
            case "ArtifactByName":
                var name = request.Body!["variables"]!["name"]!.GetValue<string>().Split(':')[0];
                List<string> AliasesOf(JsonNode? artifact) => artifact!["aliases"]!.AsArray()
                    .Where(a => a!["artifactCollection"]!["name"]!.GetValue<string>() == name)
                    .Select(a => a!["alias"]!.GetValue<string>())
                    .Order(StringComparer.Ordinal)
                    .ToList();
                var recorded = request.ExampleResponse!["data"]!["project"]?["artifact"];
                if (recorded is null)
                {
                    Assert.Null(data["project"]?["artifact"]);
                    break;
                }

                Assert.Equal(AliasesOf(recorded), AliasesOf(data["project"]!["artifact"]));
                break;
        }
    }

    [Fact]
    public async Task After_the_js_replay_both_runs_are_stored_where_the_client_said()
    {
        using var app = await StartAppAsync();
        var apiKey = await ClientUserAsync(app, "capture-entity");
        await ReplayAsync(app, apiKey, RecordedRequest.Load("js-0.5.1-main.jsonl"));

        var first = await ReadRunAsync(app, "acme", "mnist", "d7xa7uxe");
        Assert.Equal("finished", first["state"]!.GetValue<string>());
        Assert.Equal(201, first["historyLineCount"]!.GetValue<int>());
        Assert.Equal(0.993, JsonNode.Parse(first["summaryMetrics"]!.GetValue<string>())!["best_acc"]!.GetValue<double>());

        var second = await ReadRunAsync(app, "capture-entity", "uncategorized", "8wa5ngl8");
        Assert.Equal("finished", second["state"]!.GetValue<string>());
        Assert.Equal(48, second["historyLineCount"]!.GetValue<int>());
    }

    /// <summary>
    /// The recording's user, an ordinary (non-admin) user named after the recorded viewer entity; the JS
    /// recording also writes to the team <c>acme</c>, which that user is a member of.
    /// </summary>
    private static async Task<string> ClientUserAsync(WandbAppFactory app, string username)
    {
        var (user, apiKey) = await TestUsers.CreateAsync(app, username);
        if (username == "capture-entity")
        {
            await TestUsers.CreateTeamAsync(app, "acme", user.Id);
        }

        return apiKey;
    }

    private static async Task<JsonNode> ReadRunAsync(WandbAppFactory app, string entity, string project, string run)
    {
        var data = await app.CreateAdminClient().QueryAsync(
            """
            query Run($entity: String!, $project: String!, $run: String!) {
              project(name: $project, entityName: $entity) {
                run(name: $run) { state historyLineCount summaryMetrics historyKeys fileCount }
              }
            }
            """, new { entity, project, run });
        return data["project"]!["run"]!;
    }

    internal static async Task ReplayAsync(
        WandbAppFactory app, string apiKey, IReadOnlyList<RecordedRequest> requests, SweepIdMap? ids = null, Action<RecordedRequest, JsonNode>? check = null)
    {
        check ??= ResponseChecks.Check;
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var uploadUrls = new Dictionary<string, string>();
        var downloadUrls = new Dictionary<string, string>();
        var uploadHeaders = new List<string>();
        var artifacts = new ArtifactReplay(requests);
        foreach (var recorded in requests)
        {
            var request = ids?.Rewrite(recorded) ?? recorded;
            using var message = BuildMessage(apiKey, request, uploadUrls, downloadUrls, uploadHeaders, artifacts);
            if (message is null)
            {
                // Our server said this content is stored already, so the client would not upload it.
                continue;
            }

            // URLs of a blob store the clients reach directly go there, not to the app.
            using var response = await (message.RequestUri!.IsAbsoluteUri ? Direct : http).SendAsync(message);
            using var redirected = IsRedirect(response) ? await Direct.GetAsync(response.Headers.Location) : null;
            var text = await (redirected ?? response).Content.ReadAsStringAsync();
            var where = $"seq {request.Seq} {request.Method} {request.Path} ({request.Operation})";
            Assert.True((redirected ?? response).IsSuccessStatusCode, $"{where} answered {(int)(redirected ?? response).StatusCode}: {text}");

            if (request.IsGraphQL)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                var body = JsonNode.Parse(text)!;
                Assert.True(body["errors"] is null, $"{where} errors: {text}");
                var data = body["data"] ?? throw new Xunit.Sdk.XunitException($"{where}: no data");
                try
                {
                    check(request, data);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"{where}: {e.Message}\n{text}");
                }

                CollectUrls(request, data, uploadUrls, downloadUrls, uploadHeaders);
                artifacts.Collect(request, data);
                ids?.Learn(request, data);
            }
            else if (request.IsFileStream)
            {
                Assert.IsType<JsonObject>(JsonNode.Parse(text));
            }
            else if (request.IsRunFileDownload)
            {
                Assert.Equal(RecordedUploadOf(requests, request.FileName), text);
            }
            else if (request.IsArtifactDownload || request.IsArtifactFallbackDownload)
            {
                Assert.True(artifacts.ExpectedDownload(request) == text, $"{where} returned other bytes: {text}");
            }
        }
    }

    private static bool IsRedirect(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { IsAbsoluteUri: true };

    private static HttpRequestMessage? BuildMessage(
        string apiKey, RecordedRequest request, Dictionary<string, string> uploadUrls, Dictionary<string, string> downloadUrls,
        List<string> uploadHeaders, ArtifactReplay artifacts)
    {
        var target = request.Path;
        var authenticate = true;
        var content = request.Body is JsonValue raw && raw.TryGetValue<string>(out var text) ? text : request.Body?.ToJsonString();
        if (request.IsRunFileUpload)
        {
            target = Target(uploadUrls.GetValueOrDefault(request.FileName)
                ?? throw new Xunit.Sdk.XunitException($"seq {request.Seq}: no upload URL was handed out for {request.FileName}"));
            authenticate = false;
        }
        else if (request.IsRunFileDownload)
        {
            target = Target(downloadUrls.GetValueOrDefault(request.FileName)
                ?? throw new Xunit.Sdk.XunitException($"seq {request.Seq}: RunFiles gave no URL for {request.FileName}"));
        }
        else if (request.IsArtifactUpload)
        {
            if (artifacts.UploadTarget(request) is not { } uploadUrl)
            {
                return null;
            }

            target = Target(uploadUrl);
            content = artifacts.UploadBody(request);
            authenticate = false;
        }
        else if (request.IsArtifactDownload)
        {
            target = Target(artifacts.DownloadTarget(request));
            authenticate = false;
        }
        else if (request.IsArtifactFallbackDownload)
        {
            target = artifacts.DownloadTarget(request);
        }
        else if (request.IsGraphQL)
        {
            content = artifacts.PrepareGraphQL(request).ToJsonString();
        }

        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, UriKind.RelativeOrAbsolute));
        // What the clients do with uploadHeaders: split each on its first ':'.
        foreach (var header in request.IsRunFileUpload ? uploadHeaders : request.IsArtifactUpload ? artifacts.UploadHeaders(request) : [])
        {
            var colon = header.IndexOf(':');
            message.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..]);
        }

        if (authenticate)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
            }
        }

        if (content is not null)
        {
            message.Content = new StringContent(content, Encoding.UTF8);
            message.Content.Headers.ContentType = request.Headers["Content-Type"] is { } type
                ? MediaTypeHeaderValue.Parse(type.GetValue<string>())
                : null;
        }

        return message;
    }

    private static void CollectUrls(
        RecordedRequest request, JsonNode data, Dictionary<string, string> uploadUrls, Dictionary<string, string> downloadUrls,
        List<string> uploadHeaders)
    {
        switch (request.Operation)
        {
            case "CreateRunFiles":
                uploadHeaders.Clear();
                uploadHeaders.AddRange(data["createRunFiles"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()));
                foreach (var file in data["createRunFiles"]!["files"]!.AsArray())
                {
                    uploadUrls[file!["name"]!.GetValue<string>()] = file["uploadUrl"]!.GetValue<string>();
                }

                break;
            case "RunUploadUrls":
                uploadHeaders.Clear();
                uploadHeaders.AddRange(data["model"]!["bucket"]!["files"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()));
                foreach (var edge in data["model"]!["bucket"]!["files"]!["edges"]!.AsArray())
                {
                    uploadUrls[edge!["node"]!["name"]!.GetValue<string>()] = edge["node"]!["url"]!.GetValue<string>();
                }

                break;
            case "RunFiles":
                foreach (var edge in data["project"]!["run"]!["files"]!["edges"]!.AsArray())
                {
                    downloadUrls[edge!["node"]!["name"]!.GetValue<string>()] = edge["node"]!["url"]!.GetValue<string>();
                }

                break;
        }
    }

    /// <summary>The bytes the client last uploaded under a file name (what a download must return).</summary>
    private static string RecordedUploadOf(IReadOnlyList<RecordedRequest> requests, string fileName) =>
        requests.Last(r => r.IsRunFileUpload && r.FileName == fileName).Body!.GetValue<string>();

    /// <summary>The app's own URLs as paths for the in-memory client; anyone else's (a blob store's) stay absolute.</summary>
    private static string Target(string absoluteUrl)
    {
        var uri = new Uri(absoluteUrl);
        return uri.Host is "localhost" ? uri.PathAndQuery : uri.AbsoluteUri;
    }
}
