using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Security;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// <c>GET /api/v1/media/…/table</c>: what the table viewer loads, a page at a time. A run's table comes from its files;
/// a table inside an artifact from the artifact, with thumbnails of its image cells; a run's table whose value names
/// the artifact copy the client logged (<c>artifact_path</c>: the version's client id, or the collection's sequence client
/// id with <c>:latest</c> as 0.16.6 writes it) comes from that copy, which holds the cells' images. Written once, run on
/// both storage profiles (<see cref="EmbeddedMediaTableTests"/>, <c>ClusterMediaTableTests</c>).
/// </summary>
public abstract class MediaTableTests(SecurityApp app)
{
    private const string Pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path)
    {
        using var response = await app.Client(app.DaveKey).SendAsync(HttpMethod.Get, path, null);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task A_table_the_client_logged_is_served_a_page_at_a_time_sorted_and_filtered()
    {
        var run = RecordedMediaProject.MediaRuns[0];
        var name = Path.GetRelativePath(Path.Combine(RecordedMediaProject.FilesFolder, run),
            Directory.GetFiles(Path.Combine(RecordedMediaProject.FilesFolder, run, "media", "table"), "sine_table_*").Single()).Replace('\\', '/');
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablesine", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tablesine", "run00001", name, RecordedMediaProject.FileBytes(run, name));
        var table = $"/api/v1/media/{SecurityApp.Team}/tablesine/run00001/table?path={Uri.EscapeDataString(name)}";

        var (status, first) = await GetAsync(table + "&limit=5");
        var (_, sorted) = await GetAsync(table + "&limit=3&sort=y&order=desc");
        var (_, filtered) = await GetAsync(table + "&limit=50&column=y&filter=" + Uri.EscapeDataString("< 0"));
        var (_, second) = await GetAsync(table + "&limit=5&offset=5");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""["x","y"]""", first!["columns"]!.ToJsonString());
        Assert.Equal("""["number","number"]""", first["columnTypes"]!.ToJsonString());
        Assert.Equal(20, first["totalRows"]!.GetValue<int>());
        Assert.Equal("[0,1,2,3,4]", first["rowIndexes"]!.ToJsonString());
        Assert.Equal("[0,0.0]", first["rows"]![0]!.ToJsonString());
        Assert.Equal("run", first["source"]!["kind"]!.GetValue<string>());
        Assert.Equal("[5,4,6]", sorted!["rowIndexes"]!.ToJsonString());
        Assert.Equal(9, filtered!["matchedRows"]!.GetValue<int>());
        Assert.All(filtered["rows"]!.AsArray(), row => Assert.True(row![1]!.GetValue<double>() < 0));
        Assert.Equal("[5,6,7,8,9]", second!["rowIndexes"]!.ToJsonString());
    }

    [Fact]
    public async Task A_table_inside_an_artifact_is_served_with_thumbnails_of_its_image_cells()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tableart", "run00001", "team");
        var artifactId = await LogTableArtifactAsync("tableart", "predictions", "client-tableart");

        var (status, page) = await GetAsync($"/api/v1/media/{SecurityApp.Team}/tableart/artifacts/{Uri.EscapeDataString(artifactId)}/table?path=predictions.table.json");
        var imagePath = page!["rows"]![0]![1]!["path"]!.GetValue<string>();
        using var thumbnail = await app.Client(app.DaveKey).SendAsync(HttpMethod.Get,
            $"/api/v1/media/{SecurityApp.Team}/tableart/artifacts/{Uri.EscapeDataString(artifactId)}/thumbnail?path={Uri.EscapeDataString(imagePath)}&size=64", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""["number","image-file","string"]""", page["columnTypes"]!.ToJsonString());
        Assert.Equal("artifact", page["source"]!["kind"]!.GetValue<string>());
        Assert.Equal(artifactId, page["source"]!["artifactId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/png", thumbnail.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_runs_table_that_names_its_artifact_copy_is_served_from_the_copy()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablecopy", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tablecopy", "run00001", "media/table/predictions_1_abc.table.json",
            Encoding.UTF8.GetBytes("""{"columns": ["id", "image", "label"], "data": [[0, "Image", "cat"]]}"""));
        var artifactId = await LogTableArtifactAsync("tablecopy", "run-run00001-predictions", "client-tablecopy");
        var table = $"/api/v1/media/{SecurityApp.Team}/tablecopy/run00001/table?path=media/table/predictions_1_abc.table.json";

        var (_, fromCopy) = await GetAsync(table + "&artifactPath=" + Uri.EscapeDataString("wandb-client-artifact://client-tablecopy/predictions.table.json"));
        var (_, latestCopy) = await GetAsync(table + "&step=1&artifactPath=" + Uri.EscapeDataString("wandb-client-artifact://seq-run-run00001-predictions:latest/predictions.table.json"));
        var (_, unknownCopy) = await GetAsync(table + "&artifactPath=" + Uri.EscapeDataString("wandb-client-artifact://client-nothing/predictions.table.json"));

        Assert.Equal("artifact", fromCopy!["source"]!["kind"]!.GetValue<string>());
        Assert.Equal(artifactId, fromCopy["source"]!["artifactId"]!.GetValue<string>());
        Assert.Equal("image-file", fromCopy["columnTypes"]![1]!.GetValue<string>());
        Assert.Equal(artifactId, latestCopy!["source"]!["artifactId"]!.GetValue<string>());
        Assert.Equal("run", unknownCopy!["source"]!["kind"]!.GetValue<string>());
        Assert.Equal("string", unknownCopy["columnTypes"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task A_large_table_is_counted_whole_and_served_in_pages()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablelarge", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tablelarge", "run00001", "media/table/big.table.json", LargeTable(100_000));
        var table = $"/api/v1/media/{SecurityApp.Team}/tablelarge/run00001/table?path=media/table/big.table.json";

        var (_, last) = await GetAsync(table + "&offset=99990&limit=500");
        var (_, top) = await GetAsync(table + "&sort=score&order=desc&limit=3");

        Assert.Equal(100_000, last!["totalRows"]!.GetValue<int>());
        Assert.Equal(10, last["rows"]!.AsArray().Count);
        Assert.Equal(99_999, last["rowIndexes"]![9]!.GetValue<int>());
        Assert.Equal("[99999,99998,99997]", top!["rowIndexes"]!.ToJsonString());
    }

    [Fact]
    public async Task A_table_with_Pythons_NaN_and_Infinity_is_served_with_the_words_in_a_numeric_column()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablenan", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "tablenan", "run00001", "media/table/loss_0_abc.table.json",
            Encoding.UTF8.GetBytes("""{"columns": ["epoch", "loss"], "data": [[0, 1.5], [1, NaN], [2, Infinity], [3, -Infinity]]}"""));
        var table = $"/api/v1/media/{SecurityApp.Team}/tablenan/run00001/table?path=media/table/loss_0_abc.table.json";

        var (status, page) = await GetAsync(table);
        var (_, sorted) = await GetAsync(table + "&sort=loss&order=desc");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""["number","number"]""", page!["columnTypes"]!.ToJsonString());
        Assert.Equal("""[[0,1.5],[1,"NaN"],[2,"Infinity"],[3,"-Infinity"]]""", page["rows"]!.ToJsonString());
        Assert.Equal("[2,0,3,1]", sorted!["rowIndexes"]!.ToJsonString());
    }

    /// <summary>A table of <paramref name="rows"/> rows: an id, a label, a score growing with the id.</summary>
    public static byte[] LargeTable(int rows)
    {
        var text = new StringBuilder("""{"columns": ["id", "label", "score"], "data": [""");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append('[').Append(i).Append(", \"label ").Append(i % 7).Append("\", ").Append(i / 1000.0).Append(']');
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    /// <summary>An artifact holding a table with an image column as the clients write it into artifacts (cells name the artifact's files).</summary>
    [Fact]
    public async Task A_joined_and_a_partitioned_table_the_client_logged_are_served_in_pages_from_their_artifact_and_from_the_runs_value()
    {
        // The artifact wandb 0.16.6 logged (tests/fixtures/python-0.16.6-joined-tables): two tables, their JoinedTable on
        // "id", three parts under parts/ and their PartitionedTable.
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "tablejoin", "run00001", "team");
        var folder = Path.Combine(RepoPaths.Fixtures, "python-0.16.6-joined-tables", "eval");
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => ArtifactFileSource.FromBytes(Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes(f))).ToList();
        var logged = await new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, "tablejoin").LogAsync("eval", files, run: "run00001", type: "evaluation", clientId: "client-tablejoin");
        var inArtifact = $"/api/v1/media/{SecurityApp.Team}/tablejoin/artifacts/{Uri.EscapeDataString(logged.Id)}/table?path=";

        var (status, joined) = await GetAsync(inArtifact + "joined.joined-table.json&limit=3&sort=score&order=desc");
        var (_, filtered) = await GetAsync(inArtifact + "joined.joined-table.json&column=guess&filter=dog");
        var (_, parts) = await GetAsync(inArtifact + "partitioned.partitioned-table.json&offset=3&limit=3");
        var (_, fromRun) = await GetAsync($"/api/v1/media/{SecurityApp.Team}/tablejoin/run00001/table?path=joined.joined-table.json&step=0&artifactPath="
            + Uri.EscapeDataString("wandb-client-artifact://client-tablejoin/joined.joined-table.json"));
        var (notATable, _) = await GetAsync(inArtifact + "media/images/19c6021ca108d71f73ab.png.partitioned-table.json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""["id","image","truth","guess","score"]""", joined!["columns"]!.ToJsonString());
        Assert.Equal("""["number","image-file","string","string","number"]""", joined["columnTypes"]!.ToJsonString());
        Assert.Equal(7, joined["totalRows"]!.GetValue<int>());
        Assert.Equal("[6,5,4]", joined["rowIndexes"]!.ToJsonString());
        Assert.Equal(7, joined["rows"]![0]![0]!.GetValue<int>());
        Assert.Equal("artifact", joined["source"]!["kind"]!.GetValue<string>());
        Assert.Equal([3, 4], filtered!["rows"]!.AsArray().Select(r => r![0]!.GetValue<int>()));
        Assert.Equal("""["part","row","value"]""", parts!["columns"]!.ToJsonString());
        Assert.Equal(12, parts["totalRows"]!.GetValue<int>());
        Assert.Equal("[[0,3,3],[1,0,100],[1,1,101]]", parts["rows"]!.ToJsonString());
        Assert.Equal(joined["totalRows"]!.GetValue<int>(), fromRun!["totalRows"]!.GetValue<int>());
        Assert.Equal(logged.Id, fromRun["source"]!["artifactId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, notATable);
    }

    private async Task<string> LogTableArtifactAsync(string project, string collection, string clientId)
    {
        var table = """
            {"columns": ["id", "image", "label"], "data": [
              [0, {"_type": "image-file", "path": "media/images/pixel.png", "format": "png", "width": 1, "height": 1}, "cat"],
              [1, {"_type": "image-file", "path": "media/images/pixel.png", "format": "png", "width": 1, "height": 1}, "dog"]]}
            """;
        var logged = await new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, project).LogAsync(collection,
            [ArtifactFileSource.FromText("predictions.table.json", table), ArtifactFileSource.FromBytes("media/images/pixel.png", Convert.FromBase64String(Pixel))],
            run: "run00001", type: "run_table", clientId: clientId);
        return logged.Id;
    }
}

/// <summary>The table routes on the embedded profile (files and the index on the local disk).</summary>
public sealed class EmbeddedMediaTableTests(EmbeddedMediaTableTests.Server server) : MediaTableTests(server), IClassFixture<EmbeddedMediaTableTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
