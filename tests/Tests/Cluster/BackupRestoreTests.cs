using System.Diagnostics;
using System.Text;
using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The documented backup and restore of a cluster (deploy/cluster-backup.sh, deploy/cluster-restore.sh).</summary>
[Trait("Needs", "Cluster")]
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_cluster_restored_from_a_backup_serves_every_run_row_and_file()
    {
        using var original = await ServerDeployment.ClusterAsync(silos: 2);
        using var backup = new TempDataDir();
        RunStreamScript script;
        string entity;
        await using (var group = await original.StartAsync())
        {
            var client = group.Primary.Client;
            entity = (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
            script = new RunStreamScript(client, entity, "saved", "run0001");
            for (var batch = 0; batch < 3; batch++)
            {
                await script.SendHistoryAsync(40);
            }

            var upload = await client.QueryAsync(
                """
                mutation F($entity: String!) {
                  createRunFiles(input: {entityName: $entity, projectName: "saved", runName: "run0001", files: ["notes.txt"]}) {
                    uploadHeaders files { uploadUrl }
                  }
                }
                """, new { entity });
            using var put = new HttpRequestMessage(HttpMethod.Put, upload["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>())
            {
                Content = new StringContent("kept safe", Encoding.UTF8),
            };
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var http = new HttpClient();
            Assert.True((await http.SendAsync(put)).IsSuccessStatusCode);

            // As the clients do once an upload lands: report it, and the run registers the file from the store.
            var (reported, body) = await client.FileStreamAsync(entity, "saved", "run0001", """{"uploaded": ["notes.txt"]}""");
            Assert.True(reported == 200, body);

            // Taken while the cluster runs.
            await RunScriptAsync("cluster-backup.sh", backup.Path, original.Settings);
        }

        var restoredSettings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        await RunScriptAsync("cluster-restore.sh", backup.Path, restoredSettings);

        using var restored = await ServerDeployment.ClusterAsync(2, restoredSettings, original.ApiKey);
        await using (var group = await restored.StartAsync())
        {
            var back = await new RunStreamScript(group.Servers[^1].Client, entity, "saved", "run0001").ReadBackAsync();
            Assert.Equal(script.AcknowledgedHistory, back["history"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
            var files = await group.Primary.Client.QueryAsync(
                """
                query R($entity: String!) { project(name: "saved", entityName: $entity) { run(name: "run0001") { files { edges { node { name directUrl } } } } } }
                """, new { entity });
            var node = files["project"]!["run"]!["files"]!["edges"]![0]!["node"]!;
            using var http = new HttpClient();
            Assert.Equal("kept safe", await http.GetStringAsync(node["directUrl"]!.GetValue<string>()));
        }
    }

    private static async Task RunScriptAsync(string script, string folder, IReadOnlyDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "deploy", script));
        info.ArgumentList.Add(folder);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        info.Environment["SILO"] = $"dotnet {RepoPaths.ServerAssembly}";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{script} failed:\n{await output}\n{await error}");
    }
}
