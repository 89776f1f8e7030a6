using System.Globalization;
using System.Net;
using System.Text;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// The table endpoints read files users uploaded and page them on the server: paging, sorting and filtering outside
/// their limits are refused with a 400, files that are not tables with a 422, and a caller who may not read a project
/// learns nothing of its tables — neither through the project's routes nor by naming its artifacts from a project they
/// can read, nor by pointing a run's table at another project's artifact.
/// </summary>
public sealed class MediaTableAttackTests(MediaTableAttackTests.Server app) : IClassFixture<MediaTableAttackTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    private static string Table(string project, string path, string query = "") =>
        $"/api/v1/media/{SecurityApp.Team}/{project}/run00001/table?path={Uri.EscapeDataString(path)}{query}";

    private async Task<HttpStatusCode> StatusAsync(string key, string path)
    {
        using var response = await app.Client(key).SendAsync(HttpMethod.Get, path, null);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("&limit=0")]
    [InlineData("&limit=501")]
    [InlineData("&limit=-5")]
    [InlineData("&offset=-1")]
    [InlineData("&offset=10000001")]
    [InlineData("&offset=99999999999999999999")]
    [InlineData("&order=sideways")]
    [InlineData("&sort=nosuchcolumn")]
    [InlineData("&column=nosuchcolumn&filter=x")]
    public async Task PagingSortOrFilterOutsideTheLimits_IsRefusedWith400(string query)
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablelimits", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tablelimits", "run00001", "media/table/t.table.json", Encoding.UTF8.GetBytes("""{"columns": ["a"], "data": [[1]]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(app.DaveKey, Table("tablelimits", "media/table/t.table.json", query)));
    }

    [Fact]
    public async Task FilterLongerThanTheLimit_IsRefusedWith400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(app.DaveKey, Table("tablelimits", "media/table/t.table.json", "&filter=" + new string('x', 257))));
    }

    [Theory]
    [InlineData("../../other/run00001/media/table/t.table.json")]
    [InlineData("/etc/passwd")]
    [InlineData("media\\table\\t.table.json")]
    public async Task PathOutsideTheRun_IsRefusedWith400(string path)
    {
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(app.DaveKey, Table("tablepaths", path)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[[1, 2]]")]
    [InlineData("""{"columns": ["a"], "data": [1, 2]}""")]
    [InlineData("""{"columns": ["a"], "data": [[1]""")]
    public async Task FileThatIsNotATable_IsRefusedWith422(string body)
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablebad", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tablebad", "run00001", "media/table/bad.table.json", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await StatusAsync(app.DaveKey, Table("tablebad", "media/table/bad.table.json")));
    }

    [Fact]
    public async Task TableNestedDeeperThanTheReaderAllows_IsRefusedWith422_WithoutExhaustingTheStack()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tabledeep", "run00001", "team");
        var deep = """{"columns": ["a"], "data": [[""" + new string('[', 100_000) + new string(']', 100_000) + "]]}";
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tabledeep", "run00001", "media/table/deep.table.json", Encoding.UTF8.GetBytes(deep));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await StatusAsync(app.DaveKey, Table("tabledeep", "media/table/deep.table.json")));
    }

    [Fact]
    public async Task OutsiderAskingForAPrivateRunsTable_GetsNotFound_AsForAMissingFile()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tableprivate", "run00001", "private");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tableprivate", "run00001", "media/table/t.table.json", Encoding.UTF8.GetBytes("""{"columns": ["a"], "data": [[1]]}"""));

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.BobKey, Table("tableprivate", "media/table/t.table.json")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.BobKey, Table("tablenothing", "media/table/t.table.json")));
        using var anonymous = await app.Factory.CreateWandbClient(null).SendAsync(HttpMethod.Get, Table("tableprivate", "media/table/t.table.json"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task PrivateArtifactNamedFromAProjectTheCallerCanRead_IsNotFound()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablesecret", "run00001", "private");
        await app.CreateProjectAsync(app.BobKey, "bob", "tablemine", "run00001", "private");
        var artifactId = await LogAsync("tablesecret", "client-tablesecret");

        // bob may read his own project, and names dave's artifact under it, or under its real project.
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.BobKey, $"/api/v1/media/bob/tablemine/artifacts/{artifactId}/table?path=secret.table.json"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.BobKey, $"/api/v1/media/{SecurityApp.Team}/tablesecret/artifacts/{artifactId}/table?path=secret.table.json"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.BobKey, $"/api/v1/media/bob/tablemine/artifacts/{artifactId}/thumbnail?path=a.png&size=64"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app.DaveKey, $"/api/v1/media/{SecurityApp.Team}/tablesecret/artifacts/{artifactId}/table?path=secret.table.json"));
    }

    [Fact]
    public async Task ArtifactNamedByItsStoreNumberOrByAnotherKindOfId_IsNotFound()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablenumbers", "run00001", "team");
        var artifactId = Uri.UnescapeDataString(await LogAsync("tablenumbers", "client-tablenumbers"));
        Assert.True(RelayIds.TryDecodeNumber(artifactId, ArtifactIds.ArtifactType, out var number));
        var token = RelayIds.Token(number);
        var table = $"/api/v1/media/{SecurityApp.Team}/tablenumbers/artifacts/{{0}}/table?path=secret.table.json";

        // The media routes take the public id the GraphQL API hands out, nothing a caller could count or guess.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app.DaveKey, string.Format(CultureInfo.InvariantCulture, table, Uri.EscapeDataString(artifactId))));
        foreach (var guess in new[] { number.ToString(CultureInfo.InvariantCulture), token, RelayIds.Run(number), RelayIds.Encode(ArtifactIds.ArtifactType, number.ToString(CultureInfo.InvariantCulture)) })
        {
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.DaveKey, string.Format(CultureInfo.InvariantCulture, table, Uri.EscapeDataString(guess))));
        }
    }

    [Fact]
    public async Task RunTablePointedAtAPrivateArtifact_IsServedFromTheRunsOwnFile_NotTheArtifact()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablesecret2", "run00001", "private");
        await LogAsync("tablesecret2", "client-tablesecret2");
        await app.CreateProjectAsync(app.BobKey, "bob", "tablemine2", "run00001", "private");
        await app.UploadRunFileAsync(app.BobKey, "bob", "tablemine2", "run00001", "media/table/t.table.json", Encoding.UTF8.GetBytes("""{"columns": ["a"], "data": [["bob's own"]]}"""));

        using var response = await app.Client(app.BobKey).SendAsync(HttpMethod.Get,
            $"/api/v1/media/bob/tablemine2/run00001/table?path=media/table/t.table.json&artifactPath={Uri.EscapeDataString("wandb-client-artifact://client-tablesecret2/secret.table.json")}", null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bob's own", body, StringComparison.Ordinal);
        Assert.DoesNotContain("the secret", body, StringComparison.Ordinal);
    }

    private async Task<string> LogAsync(string project, string clientId)
    {
        var logged = await new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, project).LogAsync("secrets",
            [ArtifactFileSource.FromText("secret.table.json", """{"columns": ["a"], "data": [["the secret"]]}""")], run: "run00001", type: "run_table", clientId: clientId);
        return Uri.EscapeDataString(logged.Id);
    }
}
