using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// file_stream rejects only what is truly invalid, with a message that names the problem, and a rejected
/// request changes nothing that is stored. Valid resends are never rejected.
/// </summary>
public abstract class FileStreamBadInputTests(FileStreamBadInputTests.App app)
{
    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new() { ["Server:MaxFileStreamBytes"] = "65536" };

    /// <summary>A fresh server of the profile under test, started with <see cref="Settings"/>.</summary>
    public abstract class App : ProfileApp;

    private const string ValidBody = """{"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"loss\": 0.5, \"_step\": 0}","{\"loss\": NaN, \"_step\": 1}"]}},"dropped":0}""";

    private WandbClient Admin => app.Factory.CreateAdminClient();

    private async Task<string> EntityAsync()
    {
        var user = await app.Factory.Grains.GetGrain<Orleans.Wandb.Contracts.Accounts.IDirectoryGrain>(0).AuthenticateAsync(app.Factory.AdminApiKey);
        return user!.Entity;
    }

    [Fact]
    public async Task A_request_without_credentials_is_401_with_an_errors_body()
    {
        var (status, body) = await app.Factory.CreateWandbClient(null).FileStreamAsync("someone", "p", "r1", ValidBody);
        Assert.Equal(401, status);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]![0]!["message"]);
    }

    [Fact]
    public async Task A_wrong_api_key_is_401()
    {
        var (status, _) = await app.Factory.CreateWandbClient(TestKeys.NewApiKey()).FileStreamAsync("someone", "p", "r1", ValidBody);
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task A_bearer_token_carrying_the_api_key_is_accepted_like_basic_auth()
    {
        var entity = await EntityAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/files/{entity}/bad-input/bearer01/file_stream")
        {
            Content = new StringContent(ValidBody, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.Factory.AdminApiKey);
        using var response = await app.Factory.CreateClient().SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"files":[]}""", "files")]
    [InlineData("""{"files":{"wandb-history.jsonl":{"offset":-1,"content":[]}}}""", "offset")]
    [InlineData("""{"files":{"wandb-history.jsonl":{"offset":"0","content":[]}}}""", "offset")]
    [InlineData("""{"files":{"wandb-history.jsonl":{"offset":0,"content":[1]}}}""", "content")]
    [InlineData("""{"complete":"yes"}""", "complete")]
    [InlineData("""{"exitcode":"0"}""", "exitcode")]
    public async Task A_malformed_body_is_400_naming_the_problem(string body, string named)
    {
        var entity = await EntityAsync();
        var run = "bad" + Guid.NewGuid().ToString("n")[..8];
        var (status, text) = await Admin.FileStreamAsync(entity, "bad-input", run, body);
        Assert.Equal(400, status);
        Assert.Contains(named, JsonNode.Parse(text)!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "bad-input", run)).GetAsync());
    }

    [Theory]
    [InlineData("wandb-history.jsonl", "not json at all")]
    [InlineData("wandb-history.jsonl", "[1, 2, 3]")]
    [InlineData("wandb-events.jsonl", "42")]
    [InlineData("wandb-summary.json", "\"just a string\"")]
    public async Task A_line_that_is_not_a_json_object_is_400_and_nothing_of_the_batch_is_stored(string file, string line)
    {
        var entity = await EntityAsync();
        var run = "line" + Guid.NewGuid().ToString("n")[..8];
        Assert.Equal(200, (await Admin.FileStreamAsync(entity, "bad-input", run, ValidBody)).Status);

        var body = new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = new JsonObject { ["offset"] = 2, ["content"] = new JsonArray("{\"loss\": 1, \"_step\": 2}") },
                [file] = new JsonObject { ["offset"] = file == "wandb-history.jsonl" ? 3 : 0, ["content"] = new JsonArray(line) },
            },
        };
        var (status, text) = await Admin.FileStreamAsync(entity, "bad-input", run, body.ToJsonString());
        Assert.Equal(400, status);
        Assert.Contains(file, text, StringComparison.Ordinal);

        var stored = await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "bad-input", run)).GetAsync();
        Assert.Equal(2, stored!.HistoryLineCount);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var entity = await EntityAsync();
        var big = new StringBuilder("""{"files":{"output.log":{"offset":0,"content":[""");
        for (var i = 0; i < 2000; i++)
        {
            big.Append(i == 0 ? "" : ",").Append("\"").Append('x', 64).Append('"');
        }

        big.Append("]}}}");
        var (status, text) = await Admin.FileStreamAsync(entity, "bad-input", "toolarge", big.ToString());
        Assert.Equal(413, status);
        Assert.Contains("limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resending_the_same_body_is_accepted_and_stores_each_line_once()
    {
        var entity = await EntityAsync();
        var run = "resend" + Guid.NewGuid().ToString("n")[..6];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (status, body) = await Admin.FileStreamAsync(entity, "bad-input", run, ValidBody);
            Assert.Equal(200, status);
            Assert.Equal("""{"exitcode":null,"limits":{}}""", body);
        }

        var stored = await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "bad-input", run)).GetAsync();
        Assert.Equal(2, stored!.HistoryLineCount);
        var lines = await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "bad-input", run))
            .GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 100));
        Assert.Equal(["{\"loss\": 0.5, \"_step\": 0}", "{\"loss\": NaN, \"_step\": 1}"], lines);
    }

    [Fact]
    public async Task Repeated_slashes_in_the_path_are_collapsed_as_the_js_client_needs()
    {
        var entity = await EntityAsync();
        // An absolute URI: a relative "//files/..." would be read as a host name by HttpClient itself.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://localhost//files/{entity}/bad-input/slashes1/file_stream"))
        {
            Content = new StringContent(ValidBody, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + app.Factory.AdminApiKey)));
        using var response = await app.Factory.CreateClient().SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }
}
