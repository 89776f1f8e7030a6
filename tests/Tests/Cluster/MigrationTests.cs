using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Growing out of one machine: <c>migrate</c> copies an embedded data folder into a cluster.</summary>
[Trait("Needs", "Cluster")]
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

        // A second life that never compacts and dies by kill -9: its rows are in the run log past the manifest.
        JsonNode servedBefore;
        await using (var group = await embedded.StartAsync(new Dictionary<string, string> { ["History__CompactionInterval"] = "01:00:00" }))
        {
            var tail = new RunStreamScript(group.Primary.Client, entity, "moved", "run0001");
            tail.AcknowledgedHistory.AddRange(script.AcknowledgedHistory);
            await tail.SendHistoryAsync(30);
            script = tail;
            servedBefore = await script.ReadBackAsync();
            await group.KillAsync();
        }

        var runSegments = Path.Combine(embedded.DataDir, "segments", entity, "moved", "run0001");
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(runSegments, "manifest.json")))!;
        var log = new FileInfo(Path.Combine(embedded.DataDir, "history", entity, "moved", "run0001.log"));
        Assert.True(manifest["LogPosition"]!.GetValue<long>() < log.Length, "the embedded run should have a log tail past its manifest");

        var settings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        var (first, firstOutput) = await MigrateAsync(embedded.DataDir, settings);
        Assert.True(first == 0, firstOutput);
        Assert.Contains("verified", firstOutput, StringComparison.Ordinal);
        Assert.Contains("history copied as it is: 1 runs", firstOutput, StringComparison.Ordinal);
        var (second, secondOutput) = await MigrateAsync(embedded.DataDir, settings);
        Assert.True(second == 0, secondOutput);
        Assert.Contains("history copied as it is: 1 runs", secondOutput, StringComparison.Ordinal);

        // The compacted history moved as it is: every segment, summary and the manifest byte for byte.
        var copied = await HistoryBlobsAsync(settings, $"segments/{entity}/moved/run0001/");
        Assert.Contains("manifest.json", copied.Keys);
        Assert.Contains(copied.Keys, name => name.EndsWith(".seg", StringComparison.Ordinal));
        foreach (var (name, content) in copied)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(runSegments, name)), content);
        }

        using var cluster = await ServerDeployment.ClusterAsync(2, settings, embedded.ApiKey);
        await using (var group = await cluster.StartAsync())
        {
            // The segments and the replayed log tail together: exactly what the embedded server served.
            var back = await new RunStreamScript(group.Servers[^1].Client, entity, "moved", "run0001").ReadBackAsync();
            Assert.Equal(servedBefore["state"]!.GetValue<string>(), back["state"]!.GetValue<string>());
            Assert.Equal(script.AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
            Assert.Equal(script.AcknowledgedSummary, back["summaryMetrics"]!.GetValue<string>());
            Assert.Equal(servedBefore["sampledHistory"]!.ToJsonString(), back["sampledHistory"]!.ToJsonString());

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

    private static async Task<Dictionary<string, byte[]>> HistoryBlobsAsync(IReadOnlyDictionary<string, string> settings, string prefix)
    {
        var container = new BlobContainerFactory(Options.Create(new ClusterStorageOptions
        {
            MySql = settings["MYSQL"],
            Bucket = settings["BUCKET"],
            Container = settings["BUCKET_CONTAINER"],
        })).Container;
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            blobs[item.Name[prefix.Length..]] = (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
        }

        return blobs;
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
