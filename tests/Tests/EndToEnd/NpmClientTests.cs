using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.EndToEnd;

/// <summary>
/// The official npm client (@wandb/sdk 0.5.1) logs to a real server process; every value reads back.
/// Each profile runs the same specification (<see cref="EmbeddedNpmClientTests"/>, <see cref="Cluster.ClusterNpmClientTests"/>).
/// </summary>
public abstract class NpmClientTests
{
    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    private const int Steps = 200;

    [Fact]
    public async Task A_run_logged_by_the_npm_client_reads_back_over_graphql_value_for_value()
    {
        using var deployment = await CreateDeploymentAsync();
        await using var group = await deployment.StartAsync();
        var server = group.Primary;
        var config = """{"lr":0.01,"epochs":10,"optimizer":"adam","layers":[64,32]}""";

        var (exitCode, output) = await NodeClient.RunAsync("log-run.mjs", new Dictionary<string, string>
        {
            ["WANDB_BASE_URL"] = server.BaseUrl,
            ["WANDB_API_KEY"] = server.ApiKey,
            ["E2E_PROJECT"] = "npm-e2e",
            ["E2E_RUN_ID"] = "npmrun01",
            ["E2E_DISPLAY_NAME"] = "js-sdk-demo",
            ["E2E_CONFIG"] = config,
            ["E2E_STEPS"] = Steps.ToString(),
        }, TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"the npm client failed:\n{output}\n\n{group.Output}");

        // Read back through the last silo: in a cluster, another silo than the one the client wrote to.
        var reader = group.Servers[^1].Client;
        var entity = (await reader.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
        var data1 = await reader.QueryAsync(
            """
            query Run($entity: String!) {
              project(name: "npm-e2e", entityName: $entity) {
                run(name: "npmrun01") { name displayName state config summaryMetrics historyLineCount history(samples: 10000) }
              }
            }
            """, new { entity });
        var run = data1["project"]!["run"]!;

        Assert.Equal("npmrun01", run["name"]!.GetValue<string>());
        Assert.Equal("js-sdk-demo", run["displayName"]!.GetValue<string>());
        Assert.Equal("finished", run["state"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(config), JsonNode.Parse(run["config"]!.GetValue<string>())), run["config"]!.ToJsonString());
        Assert.Equal(Steps + 1, run["historyLineCount"]!.GetValue<int>());

        var rows = run["history"]!.AsArray().Select(line => JsonNode.Parse(line!.GetValue<string>())!).ToList();
        Assert.Equal(Steps + 1, rows.Count);
        for (var step = 0; step < Steps; step++)
        {
            var row = rows[step];
            Assert.Equal(step, row["_step"]!.GetValue<long>());
            Assert.Equal(1.0 / (step + 1), row["loss"]!.GetValue<double>(), 15);
            Assert.Equal((double)step / Steps, row["acc"]!.GetValue<double>(), 15);
            Assert.Equal(step / 10, row["epoch"]!.GetValue<int>());
            Assert.Equal(0.01 * Math.Pow(0.99, step), row["train/lr"]!.GetValue<double>(), 12);
            Assert.NotNull(row["_runtime"]);
            Assert.NotNull(row["_timestamp"]);
        }

        Assert.Equal((double)(Steps - 1) / Steps, rows[Steps]["best_acc"]!.GetValue<double>(), 15);
        var summary = JsonNode.Parse(run["summaryMetrics"]!.GetValue<string>())!;
        Assert.Equal((double)(Steps - 1) / Steps, summary["best_acc"]!.GetValue<double>(), 15);
        Assert.Equal(1.0 / Steps, summary["loss"]!.GetValue<double>(), 15);
        Assert.Equal(JsonValueKind.Number, summary["_step"]!.GetValueKind());
    }
}
