using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// Deleting a project frees the storage it held: its runs' logs, history segments and uploaded files, and the contents
/// and manifests of its artifacts — except contents another project's artifact still references (artifact bytes are
/// stored once per MD5). What is stored is read from the storage itself: the data folder on the embedded profile
/// (<see cref="EmbeddedProjectDeletionStorageTests"/>), the blob container in Azurite on a cluster
/// (<see cref="Cluster.ClusterProjectDeletionStorageTests"/>).
/// </summary>
public abstract class ProjectDeletionStorageTests(ProjectDeletionStorageTests.App app)
{
    public abstract class App : ProfileServer
    {
        /// <summary>The '/'-separated names of everything the profile's storage holds, straight from the storage.</summary>
        public abstract Task<IReadOnlyList<string>> StoredObjectsAsync();
    }

    private static string Lines(int from, int count) =>
        new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = new JsonObject
                {
                    ["offset"] = from,
                    ["content"] = new JsonArray(Enumerable.Range(from, count).Select(i => (JsonNode)$"{{\"loss\": {i}, \"_step\": {i}}}").ToArray()),
                },
                ["output.log"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray("training started") },
            },
        }.ToJsonString();

    /// <summary>Logs a run with history and console output and uploads one file to it, as the clients do.</summary>
    private static async Task LogRunAsync(WandbClient client, string entity, string project, string run)
    {
        var (status, body) = await client.FileStreamAsync(entity, project, run, Lines(0, 500));
        Assert.True(status == 200, body);
        var files = await client.QueryAsync(
            "mutation($e: String!, $p: String!, $r: String!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: [\"model.bin\"]}) { uploadHeaders files { uploadUrl } } }",
            new { e = entity, p = project, r = run });
        var url = new Uri(files["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(new byte[4096]) };
        foreach (var header in files["createRunFiles"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()))
        {
            var colon = header.IndexOf(':');
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..]);
        }

        // Signed URLs of the server go through the test client; a blob store's (cluster) are reached directly.
        var direct = url.Host != client.Http.BaseAddress!.Host || url.Port != client.Http.BaseAddress.Port;
        using var http = direct ? new HttpClient() : null;
        if (!direct)
        {
            request.RequestUri = new Uri(url.PathAndQuery, UriKind.Relative);
        }

        using var response = await (http ?? client.Http).SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(200, (await client.FileStreamAsync(entity, project, run, "{\"complete\": true, \"exitcode\": 0, \"uploaded\": [\"model.bin\"]}")).Status);
    }

    /// <summary>
    /// What is stored once background compaction has written history segments under <paramref name="prefix"/> (runs
    /// compact every couple of seconds, off the request path); fails after a generous deadline.
    /// </summary>
    private async Task<IReadOnlyList<string>> StoredOnceCompactedAsync(string prefix)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var stored = await app.StoredObjectsAsync();
            if (stored.Any(name => name.StartsWith(prefix, StringComparison.Ordinal)) || DateTime.UtcNow > until)
            {
                return stored;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Deleting_a_project_frees_its_runs_files_and_artifact_bytes_but_keeps_contents_other_projects_use()
    {
        var (owner, key) = await TestUsers.CreateAsync(app.Factory, "pdowner");
        var client = app.Factory.CreateWandbClient(key);
        var entity = owner.Entity;
        await LogRunAsync(client, entity, "doomed", "run00001");
        await LogRunAsync(client, entity, "doomed", "run00002");
        await LogRunAsync(client, entity, "keeper", "run00003");
        var unique = ArtifactFileSource.FromText("only-here.txt", "bytes only the doomed project holds");
        var shared = ArtifactFileSource.FromText("shared.txt", "bytes both projects hold");
        await new ArtifactClient(client, entity, "doomed").LogAsync("dataset", [unique, shared]);
        await new ArtifactClient(client, entity, "keeper").LogAsync("dataset", [shared]);

        var before = await StoredOnceCompactedAsync($"/segments/{entity}/doomed/");
        var ofDoomed = before.Where(name => name.Contains($"/{entity}/doomed/", StringComparison.Ordinal)).ToList();
        Assert.Contains(ofDoomed, name => name.Contains("run00001", StringComparison.Ordinal) && name.Contains("model.bin", StringComparison.Ordinal));
        Assert.Contains(ofDoomed, name => name.StartsWith("/segments/", StringComparison.Ordinal));
        Assert.Contains(ofDoomed, name => name.StartsWith("/history/", StringComparison.Ordinal) || name.StartsWith("/logs/", StringComparison.Ordinal));
        Assert.Contains(before, name => name.EndsWith("artifacts/md5/" + unique.Md5Hex, StringComparison.Ordinal));

        var deleted = await client.QueryAsync(
            "mutation($e: String!, $p: String!) { deleteProject(input: {entityName: $e, name: $p}) { success } }", new { e = entity, p = "doomed" });

        Assert.True(deleted["deleteProject"]!["success"]!.GetValue<bool>());
        var after = await app.StoredObjectsAsync();
        Assert.DoesNotContain(after, name => name.Contains($"/{entity}/doomed/", StringComparison.Ordinal));
        Assert.DoesNotContain(after, name => name.EndsWith("artifacts/md5/" + unique.Md5Hex, StringComparison.Ordinal));
        Assert.Contains(after, name => name.EndsWith("artifacts/md5/" + shared.Md5Hex, StringComparison.Ordinal));

        // Nothing of the other project went; its history may have been compacted meanwhile (more segments).
        Assert.Subset(
            after.Where(name => name.Contains($"/{entity}/keeper/", StringComparison.Ordinal)).ToHashSet(),
            before.Where(name => name.Contains($"/{entity}/keeper/", StringComparison.Ordinal)).ToHashSet());
        var (_, gone) = await client.GraphQLAsync("query($e: String!) { project(entityName: $e, name: \"doomed\") { name } }", new { e = entity });
        Assert.Null(gone!["data"]!["project"]);
        var kept = await new ArtifactClient(client, entity, "keeper").ByNameAsync("dataset:latest");
        Assert.NotNull(kept);
    }
}
