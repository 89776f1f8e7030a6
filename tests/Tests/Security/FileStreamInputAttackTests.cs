using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Attacks on <c>file_stream</c> bodies and headers. Each is refused with a 400 and a message (never a 500, which the
/// clients would retry for days), and leaves the stored run as it was, still open to the next valid batch.
/// </summary>
public sealed class FileStreamInputAttackTests(FileStreamInputAttackTests.Server server) : IClassFixture<FileStreamInputAttackTests.Server>
{
    public sealed class Server : ProfileServer
    {
        protected override Task<WandbAppFactory> StartAsync() =>
            Task.FromResult(new WandbAppFactory(new Dictionary<string, string> { ["ADMIN_USERNAME"] = Entity, ["Runs:MaxSharedWriters"] = "3" }));
    }

    private const string Entity = "attacker";
    private const string Project = "inputs";
    private const string ValidBody = """{"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"loss\": 0.5, \"_step\": 0}"]}}}""";

    private WandbClient Client => server.Factory.CreateAdminClient();

    private async Task<(int Status, string Message)> PostAsync(string run, byte[] body, bool gzipLabel = false, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/files/{Entity}/{Project}/{run}/file_stream") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (gzipLabel)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.Factory.AdminApiKey)));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await server.Factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)?["errors"]?[0]?["message"]?.GetValue<string>() ?? text);
    }

    private async Task<int> HistoryCountAsync(string run) =>
        (await server.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(Entity, Project, run)).GetAsync())?.HistoryLineCount ?? -1;

    private async Task StartRunAsync(string run) => Assert.Equal(200, (await PostAsync(run, Encoding.UTF8.GetBytes(ValidBody))).Status);

    [Fact]
    public async Task InvalidUtf8InALine_IsRefusedWith400_AndStoresNothing()
    {
        await StartRunAsync("utf8bad1");
        var body = Encoding.UTF8.GetBytes("""{"files":{"wandb-history.jsonl":{"offset":1,"content":["{\"loss\": \"X\", \"_step\": 1}"]}}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC3; // a lead byte with no continuation

        var (status, message) = await PostAsync("utf8bad1", body);
        Assert.Equal(400, status);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
        Assert.Equal(1, await HistoryCountAsync("utf8bad1"));
    }

    [Fact]
    public async Task ABatchWithAFileNameNoClientStreamsToday_IsNotRefused_SoItsHistoryIsNotDropped()
    {
        // A 400 makes the clients drop the whole chunk; a future client streaming a fifth file must not lose its rows.
        await StartRunAsync("newfile1");
        var body = Encoding.UTF8.GetBytes(
            """{"files":{"wandb-history.jsonl":{"offset":1,"content":["{\"loss\": 0.4, \"_step\": 1}"]},"wandb-future.jsonl":{"offset":0,"content":["{\"a\": 1}"]}}}""");

        var (status, message) = await PostAsync("newfile1", body);
        Assert.True(status == 200, message);
        Assert.Equal(2, await HistoryCountAsync("newfile1"));
    }

    [Fact]
    public async Task BodyLabelledGzipThatIsNotGzip_IsRefusedWith400()
    {
        await StartRunAsync("gzipbad1");
        var (status, message) = await PostAsync("gzipbad1", Encoding.UTF8.GetBytes(ValidBody), gzipLabel: true);
        Assert.Equal(400, status);
        Assert.Contains("decompress", message, StringComparison.Ordinal);
        Assert.Equal(1, await HistoryCountAsync("gzipbad1"));
    }

    [Fact]
    public async Task TruncatedGzipBody_IsRefusedWith400()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(ValidBody));
        }

        var (status, _) = await PostAsync("gzipcut1", packed.ToArray()[..^12], gzipLabel: true);
        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData(2147483646, 1)]
    [InlineData(1073741823, 2)]
    public async Task OffsetThatLeavesNoRoom_IsRefusedWith400_AndTheRunStaysAppendable(int offset, int lines)
    {
        var run = "offset" + lines;
        await StartRunAsync(run);
        var rows = new JsonArray(Enumerable.Range(0, lines).Select(i => (JsonNode)$"{{\"_step\": {i}}}").ToArray());
        var body = new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = offset, ["content"] = rows } } };

        var (status, message) = await PostAsync(run, Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.Equal(400, status);
        Assert.Contains("offset", message, StringComparison.Ordinal);

        var next = """{"files":{"wandb-history.jsonl":{"offset":1,"content":["{\"_step\": 1}"]}}}""";
        Assert.Equal(200, (await PostAsync(run, Encoding.UTF8.GetBytes(next))).Status);
        Assert.Equal(2, await HistoryCountAsync(run));
    }

    [Fact]
    public async Task SharedModeWithoutAClientId_IsRefusedWith400()
    {
        var (status, message) = await PostAsync("noclient", Encoding.UTF8.GetBytes(ValidBody), headers: ("X-WANDB-USE-ASYNC-FILESTREAM", "true"));
        Assert.Equal(400, status);
        Assert.Contains("X-WANDB-ASYNC-CLIENT-ID", message, StringComparison.Ordinal);
        Assert.Equal(-1, await HistoryCountAsync("noclient"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    public async Task SharedModeClientIdThatIsNotAShortToken_IsRefusedWith400(string clientId)
    {
        var (status, _) = await PostAsync("badclient", Encoding.UTF8.GetBytes(ValidBody),
            headers: [("X-WANDB-USE-ASYNC-FILESTREAM", "true"), ("X-WANDB-ASYNC-CLIENT-ID", clientId)]);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task SharedModeClientIdLongerThanTheLimit_IsRefusedWith400()
    {
        var (status, message) = await PostAsync("longclient", Encoding.UTF8.GetBytes(ValidBody),
            headers: [("X-WANDB-USE-ASYNC-FILESTREAM", "true"), ("X-WANDB-ASYNC-CLIENT-ID", new string('a', 129))]);
        Assert.Equal(400, status);
        Assert.Contains("128", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FloodingOneRunWithSharedWriterIds_IsRefusedWith400_PastTheLimit_AndEarlierWritersStillAppend()
    {
        for (var w = 0; w < 3; w++)
        {
            Assert.Equal(200, (await Client.SharedFileStreamAsync(Entity, Project, "flooded1", $"w{w}", ValidBody)).Status);
        }

        var (status, text) = await Client.SharedFileStreamAsync(Entity, Project, "flooded1", "w3", ValidBody);
        Assert.Equal(400, status);
        Assert.Contains("shared-mode writers", text, StringComparison.Ordinal);

        var more = """{"files":{"wandb-history.jsonl":{"offset":1,"content":["{\"loss\": 0.25}"]}}}""";
        Assert.Equal(200, (await Client.SharedFileStreamAsync(Entity, Project, "flooded1", "w0", more)).Status);
        Assert.Equal(4, await HistoryCountAsync("flooded1"));
    }
}
