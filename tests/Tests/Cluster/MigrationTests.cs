using System.Diagnostics;
using System.Text;
using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Growing out of one machine: <c>migrate</c> copies an embedded data folder into a cluster.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task A_migrated_folder_serves_every_run_row_and_file_from_a_cluster_and_migrating_again_changes_nothing()
    {
        using var embedded = ServerDeployment.Embedded();
        RunStreamScript script;
        string entity;
        const string fileText = "notes written before the move\n";
        await using (var group = await embedded.StartAsync())
        {
            var client = group.Primary.Client;
            entity = (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
            script = new RunStreamScript(client, entity, "moved", "run0001");
            for (var batch = 0; batch < 4; batch++)
            {
                await script.SendHistoryAsync(50);
            }

            await script.CompleteAsync(0);
            var upload = await client.QueryAsync(
                """
                mutation F($entity: String!) {
                  createRunFiles(input: {entityName: $entity, projectName: "moved", runName: "run0001", files: ["notes.txt"]}) {
                    files { uploadUrl }
                  }
                }
                """, new { entity });
            using var put = await group.Primary.Http.PutAsync(
                upload["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>(), new StringContent(fileText, Encoding.UTF8));
            Assert.True(put.IsSuccessStatusCode);
            await group.StopAsync();
        }

        var settings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        var (first, firstOutput) = await MigrateAsync(embedded.DataDir, settings);
        Assert.True(first == 0, firstOutput);
        Assert.Contains("verified", firstOutput, StringComparison.Ordinal);
        var (second, secondOutput) = await MigrateAsync(embedded.DataDir, settings);
        Assert.True(second == 0, secondOutput);

        using var cluster = await ServerDeployment.ClusterAsync(2, settings, embedded.ApiKey);
        await using (var group = await cluster.StartAsync())
        {
            var back = await new RunStreamScript(group.Servers[^1].Client, entity, "moved", "run0001").ReadBackAsync();
            Assert.Equal("finished", back["state"]!.GetValue<string>());
            Assert.Equal(script.AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
            Assert.Equal(script.AcknowledgedSummary, back["summaryMetrics"]!.GetValue<string>());

            // The run keeps streaming where it stopped: the migrated log and its checkpoint line up.
            var resumed = new RunStreamScript(group.Primary.Client, entity, "moved", "run0001");
            resumed.AcknowledgedHistory.AddRange(script.AcknowledgedHistory);
            await resumed.SendHistoryAsync(10);
            var after = await new RunStreamScript(group.Servers[^1].Client, entity, "moved", "run0001").ReadBackAsync();
            Assert.Equal(resumed.AcknowledgedHistory.Count, after["historyLineCount"]!.GetValue<int>());

            var files = await group.Primary.Client.QueryAsync(
                """
                query R($entity: String!) {
                  project(name: "moved", entityName: $entity) { run(name: "run0001") { fileCount files { edges { node { name directUrl } } } } }
                }
                """, new { entity });
            var node = files["project"]!["run"]!["files"]!["edges"]![0]!["node"]!;
            Assert.Equal("notes.txt", node["name"]!.GetValue<string>());
            using var http = new HttpClient();
            Assert.Equal(fileText, await http.GetStringAsync(node["directUrl"]!.GetValue<string>()));
        }
    }

    private static async Task<(int ExitCode, string Output)> MigrateAsync(string dataDir, IReadOnlyDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.ServerAssembly);
        info.ArgumentList.Add("migrate");
        info.ArgumentList.Add("--from");
        info.ArgumentList.Add(dataDir);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
