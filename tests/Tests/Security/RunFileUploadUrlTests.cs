using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11 item 3: a caller who may only read a run (a team viewer; anyone on an OPEN project) must not get a signed
/// PUT URL for its files, existing or new, through any of the <c>File</c> fields that hand them out; every other write
/// path already answers 403 to these callers. Writers still get them (the clients' upload paths keep working).
/// </summary>
public abstract class RunFileUploadUrlTests(SecurityApp app)
{
    private const string ExistingFile = "notes.txt";

    private const string UploadFields = """
        query($e: String!, $p: String!, $f: [String!]!) {
          project(entityName: $e, name: $p) { run(name: "run00001") {
            files(names: $f) { edges { node { name uploadUrl url(upload: true) } } } } }
        }
        """;

    private async Task<string> TeamProjectWithFileAsync(string project, string access)
    {
        await app.CreateProjectAsync(app.AliceKey, SecurityApp.Team, project, "run00001", access);
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, project, "run00001", ExistingFile, Encoding.UTF8.GetBytes("original"));
        return project;
    }

    private static IReadOnlyList<JsonNode> Nodes(JsonNode data) =>
        data["project"]!["run"]!["files"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();

    [Fact]
    public async Task TeamViewer_CannotMintUploadUrl_ForExistingFile()
    {
        var project = await TeamProjectWithFileAsync("roexisting", "team");
        var data = await app.Client(app.CarolKey).QueryAsync(UploadFields, new { e = SecurityApp.Team, p = project, f = new[] { ExistingFile } });

        var node = Assert.Single(Nodes(data));
        Assert.Null(node["uploadUrl"]);
        Assert.Null(node["url"]);
    }

    [Fact]
    public async Task TeamViewer_CannotMintUploadUrl_ForNewFileName()
    {
        var project = await TeamProjectWithFileAsync("ronew", "team");
        var data = await app.Client(app.CarolKey).QueryAsync(UploadFields, new { e = SecurityApp.Team, p = project, f = new[] { "new.html" } });

        Assert.All(Nodes(data), node => Assert.Null(node["uploadUrl"]));
        Assert.All(Nodes(data), node => Assert.Null(node["url"]));
        var files = await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(SecurityApp.Team, project, "run00001")).GetFilesAsync();
        Assert.DoesNotContain(files, f => f.Name == "new.html");
    }

    [Fact]
    public async Task OutsiderOnOpenProject_CannotMintUploadUrl_ForExistingOrNewFile()
    {
        var project = await TeamProjectWithFileAsync("roopen", "open");
        var data = await app.Client(app.BobKey).QueryAsync(UploadFields, new { e = SecurityApp.Team, p = project, f = new[] { ExistingFile, "new.html" } });

        Assert.NotEmpty(Nodes(data));
        Assert.All(Nodes(data), node => Assert.Null(node["uploadUrl"]));
        Assert.All(Nodes(data), node => Assert.Null(node["url"]));
    }

    [Fact]
    public async Task TeamMember_StillGetsUploadUrls_ForExistingAndNewFiles()
    {
        var project = await TeamProjectWithFileAsync("rowriter", "team");
        var data = await app.Client(app.DaveKey).QueryAsync(UploadFields, new { e = SecurityApp.Team, p = project, f = new[] { ExistingFile, "new.txt" } });

        Assert.Equal(2, Nodes(data).Count);
        Assert.All(Nodes(data), node => Assert.False(string.IsNullOrEmpty(node["uploadUrl"]?.GetValue<string>())));
        Assert.All(Nodes(data), node => Assert.False(string.IsNullOrEmpty(node["url"]?.GetValue<string>())));
    }
}

/// <summary>Read-only callers and run-file upload URLs on the embedded profile.</summary>
public sealed class EmbeddedRunFileUploadUrlTests(EmbeddedRunFileUploadUrlTests.Server server)
    : RunFileUploadUrlTests(server), IClassFixture<EmbeddedRunFileUploadUrlTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}

/// <summary>Read-only callers and run-file upload URLs on a 2-silo cluster (SAS URLs).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterRunFileUploadUrlTests(ClusterRunFileUploadUrlTests.Server server)
    : RunFileUploadUrlTests(server), IClassFixture<ClusterRunFileUploadUrlTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
