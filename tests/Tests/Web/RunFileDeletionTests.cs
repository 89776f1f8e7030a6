using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// <c>deleteFiles</c>, which <c>file.delete()</c> sends (wandb v0.28.2 wandb/apis/public/files.py:File.delete): the
/// run forgets the file and its bytes are gone; only writers of the run's entity may delete. Each profile runs it
/// (<see cref="EmbeddedRunFileDeletionTests"/>, <see cref="Cluster.ClusterRunFileDeletionTests"/>).
/// </summary>
public abstract class RunFileDeletionTests(ArtifactAppFixture fixture)
{
    private const string DeleteFiles = """
        mutation deleteFiles($files: [ID!]!, $projectId: Int) {
          deleteFiles(input: {files: $files, projectId: $projectId}) { success }
        }
        """;

    private const string RunFiles = """
        query RunFiles($project: String!, $entity: String!, $name: String!) {
          project(name: $project, entityName: $entity) { run(name: $name) { fileCount files { edges { node { id name directUrl } } } } }
        }
        """;

    [Fact]
    public async Task A_deleted_file_leaves_the_run_and_its_bytes_are_gone()
    {
        var client = fixture.OwnerClient("file-delete").Client;
        await UploadAsync(client, "file-delete", "run1", "model.bin");
        await UploadAsync(client, "file-delete", "run1", "keep.txt");
        var files = await FilesAsync(client, "file-delete", "run1");
        var model = files.Single(f => f["name"]!.GetValue<string>() == "model.bin");

        Assert.Equal(2048, (await fixture.OwnerClient("file-delete").GetBytesAsync(model["directUrl"]!.GetValue<string>())).Length);

        var data = await client.QueryAsync(DeleteFiles, new { files = new[] { model["id"]!.GetValue<string>() }, projectId = 1 });

        Assert.True(data["deleteFiles"]!["success"]!.GetValue<bool>());
        Assert.Equal(["keep.txt"], (await FilesAsync(client, "file-delete", "run1")).Select(f => f["name"]!.GetValue<string>()).ToList());
        using var download = await fixture.OwnerClient("file-delete").SendAsync(new HttpRequestMessage(HttpMethod.Get, model["directUrl"]!.GetValue<string>()));
        Assert.False(download.IsSuccessStatusCode, $"the deleted file still downloads ({(int)download.StatusCode})");
    }

    [Fact]
    public async Task A_user_who_may_not_write_the_entity_cannot_delete_its_files()
    {
        var owner = fixture.OwnerClient("file-delete-stranger").Client;
        await UploadAsync(owner, "file-delete-stranger", "run1", "model.bin");
        var id = (await FilesAsync(owner, "file-delete-stranger", "run1")).Single()["id"]!.GetValue<string>();

        var (_, body) = await fixture.StrangerClient("file-delete-stranger").Client.GraphQLAsync(DeleteFiles, new { files = new[] { id } });

        Assert.NotNull(body?["errors"]);
        Assert.Single(await FilesAsync(owner, "file-delete-stranger", "run1"));
    }

    [Fact]
    public async Task Ids_that_are_not_file_ids_are_refused()
    {
        var (_, body) = await fixture.OwnerClient("file-delete-bad").Client.GraphQLAsync(DeleteFiles, new { files = new[] { "UnVuOjE=" } });
        Assert.Contains("is not a file id", body?["errors"]?[0]?["message"]?.GetValue<string>());
    }

    private async Task<IReadOnlyList<JsonNode>> FilesAsync(WandbClient client, string project, string run) =>
        (await client.QueryAsync(RunFiles, new { project, entity = ArtifactAppFixture.Owner, name = run }))
            ["project"]!["run"]!["files"]!["edges"]!.AsArray().Select(edge => edge!["node"]!).ToList();

    private async Task UploadAsync(WandbClient client, string project, string run, string name)
    {
        var files = await client.QueryAsync(
            "mutation($e: String!, $p: String!, $r: String!, $f: [String!]!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: $f}) { uploadHeaders files { uploadUrl } } }",
            new { e = ArtifactAppFixture.Owner, p = project, r = run, f = new[] { name } });
        var url = files["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>();
        var headers = files["createRunFiles"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        await fixture.OwnerClient(project).PutAsync(url, new ByteArrayContent(new byte[2048]), headers);
        Assert.Equal(200, (await client.FileStreamAsync(ArtifactAppFixture.Owner, project, run, $"{{\"uploaded\": [\"{name}\"]}}")).Status);
    }
}
