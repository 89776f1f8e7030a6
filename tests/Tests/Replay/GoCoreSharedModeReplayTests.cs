using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// Two Go core writers on one run in shared mode (tests/fixtures/go-core-0.28.2-shared-mode.jsonl, written from the
/// 0.28.2 client source by scripts/write-go-core-fixtures.py; docs/protocol/file-stream.md#shared-mode): the primary
/// (<c>x_label</c> node-0) and a non-primary writer (node-1) each upsert the run with <c>X-WANDB-CLIENT-ID</c>, stream
/// history without <c>_step</c>, labelled system metrics and console lines from offset 0 with their own
/// <c>X-WANDB-ASYNC-CLIENT-ID</c>, the non-primary resends a post and ends without <c>complete</c>, the primary uploads
/// the run files and finishes. Nothing is lost, nothing doubled, config and summary merged.
/// </summary>
public abstract class GoCoreSharedModeReplayTests
{
    private const string Fixture = "go-core-0.28.2-shared-mode.jsonl";

    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    [Fact]
    public async Task A_primary_and_a_second_writer_log_to_one_run_and_nothing_is_lost_or_doubled()
    {
        using var deployment = await CreateDeploymentAsync();
        await using var group = await deployment.StartAsync();
        var server = group.Primary;
        var uploads = new Dictionary<string, (string Url, List<string> Headers)>(StringComparer.Ordinal);
        foreach (var request in RecordedRequest.Load(Fixture))
        {
            var where = GoCoreWire.Where(request);
            if (request.IsGraphQL)
            {
                var data = await GoCoreWire.GraphQLAsync(server, request);
                switch (request.Operation)
                {
                    case "Viewer":
                        Assert.Equal("local", data["viewer"]!["entity"]!.GetValue<string>());
                        break;
                    case "UpsertBucket":
                        var bucket = data["upsertBucket"]!["bucket"]!;
                        Assert.Equal("sh0001", bucket["name"]!.GetValue<string>());
                        Assert.Equal("gocore-shared", bucket["project"]!["name"]!.GetValue<string>());
                        Assert.Equal("local", bucket["project"]!["entity"]!["name"]!.GetValue<string>());
                        Assert.NotNull(bucket["historyLineCount"]);
                        break;
                    case "CreateRunFiles":
                        var created = data["createRunFiles"]!;
                        Assert.False(string.IsNullOrEmpty(created["runID"]?.GetValue<string>()), where);
                        var headers = created["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
                        foreach (var file in created["files"]!.AsArray())
                        {
                            uploads[file!["name"]!.GetValue<string>()] = (file["uploadUrl"]!.GetValue<string>(), headers);
                        }

                        break;
                }

                continue;
            }

            if (request.Method == "PUT")
            {
                var (url, headers) = uploads[request.Path];
                using var response = await GoCoreWire.PutAsync(server, url, Encoding.UTF8.GetBytes(request.Body!.GetValue<string>()), headers);
                Assert.True(response.IsSuccessStatusCode, $"{where}: {(int)response.StatusCode}");
                continue;
            }

            await GoCoreWire.FileStreamAsync(server, request);
        }

        var run = (await server.Client.QueryAsync(
            """
            query { project(entityName: "local", name: "gocore-shared") { run(name: "sh0001") {
              state config summaryMetrics historyLineCount eventsLineCount logLineCount
              history(samples: 100) events(samples: 100) files { edges { node { name } } } } } }
            """))["project"]!["run"]!;
        Assert.Equal("finished", run["state"]!.GetValue<string>());

        // Ten rows, each writer's five once and in its own order, numbered by the server in arrival order.
        Assert.Equal(10, run["historyLineCount"]!.GetValue<int>());
        var rows = run["history"]!.AsArray().Select(r => JsonNode.Parse(r!.GetValue<string>())!).ToList();
        Assert.Equal(Enumerable.Range(0, 10), rows.Select(r => r["_step"]!.GetValue<int>()));
        Assert.Equal([1.0, 0.5, 0.333333, 0.25, 0.2], rows.Where(r => r["loss"] is not null).Select(r => r["loss"]!.GetValue<double>()));
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5], rows.Where(r => r["acc"] is not null).Select(r => r["acc"]!.GetValue<double>()));

        Assert.Equal(3, run["eventsLineCount"]!.GetValue<int>());
        var events = run["events"]!.AsArray().Select(e => JsonNode.Parse(e!.GetValue<string>())!.AsObject()).ToList();
        Assert.Equal(1, events.Count(e => e.ContainsKey("system.cpu/l:node-0")));
        Assert.Equal(2, events.Count(e => e.ContainsKey("system.cpu/l:node-1")));

        Assert.Equal(4, run["logLineCount"]!.GetValue<int>());

        var summary = JsonNode.Parse(run["summaryMetrics"]!.GetValue<string>())!;
        Assert.Equal(0.2, summary["loss"]!.GetValue<double>());
        Assert.Equal(0.5, summary["acc"]!.GetValue<double>());
        var config = JsonNode.Parse(run["config"]!.GetValue<string>())!.AsObject();
        Assert.Superset(new HashSet<string> { "lr", "batch_size", "data_shard" }, config.Select(p => p.Key).ToHashSet());

        var files = run["files"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "wandb-metadata.json", "config.yaml", "wandb-summary.json" }, files);
    }
}
