using System.Text;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// Issue #12 §2(a): run files uploaded straight to the blob store register with their run in one grain call when the
/// client reports them (file_stream's <c>uploaded</c>), and reading a run's files never writes (it used to list the
/// store and register files on every read).
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterDirectUploadTests(ClusterDirectUploadTests.Server server) : IClassFixture<ClusterDirectUploadTests.Server>
{
    public sealed class Server : ProfileServer
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }

    private const string FilesQuery =
        """query($e: String!) { project(entityName: $e, name: "direct") { run(name: "run00001") { fileCount files { edges { node { name sizeBytes } } } } } }""";

    [Fact]
    public async Task A_direct_upload_registers_when_reported_and_reading_the_files_registers_nothing()
    {
        var client = server.Factory.CreateWandbClient(server.Factory.AdminApiKey);
        var entity = (await client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
        Assert.Equal(200, (await client.FileStreamAsync(entity, "direct", "run00001", """{"files": {}}""")).Status);
        var upload = await client.QueryAsync(
            """mutation($e: String!) { createRunFiles(input: {entityName: $e, projectName: "direct", runName: "run00001", files: ["model.txt"]}) { uploadHeaders files { uploadUrl } } }""",
            new { e = entity });
        var headers = upload["createRunFiles"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        using (var put = await new ArtifactClient(client, entity, "direct").SendPutAsync(
                   upload["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>(), new StringContent("weights", Encoding.UTF8), headers))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var beforeReport = await client.QueryAsync(FilesQuery, new { e = entity });
        Assert.Equal(0, beforeReport["project"]!["run"]!["fileCount"]!.GetValue<int>());
        Assert.Empty(await server.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "direct", "run00001")).GetFilesAsync());

        Assert.Equal(200, (await client.FileStreamAsync(entity, "direct", "run00001", """{"uploaded": ["model.txt"]}""")).Status);

        var afterReport = await client.QueryAsync(FilesQuery, new { e = entity });
        var file = Assert.Single(afterReport["project"]!["run"]!["files"]!["edges"]!.AsArray())!["node"]!;
        Assert.Equal(("model.txt", 7L), (file["name"]!.GetValue<string>(), file["sizeBytes"]!.GetValue<long>()));
    }
}
