using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The HTTP surface of docs/protocol/README.md#http-surface that the captures do not reach: JS's doubled slashes after a base URL with a
/// trailing slash (§1.1), the Go core's telemetry export, accepted and discarded (§1.2), gzipped file_stream bodies (§1.3), and
/// GraphQL answers labelled <c>application/json</c> (§3.2).
/// </summary>
public sealed class HttpSurfaceTests(HttpSurfaceTests.App app) : IClassFixture<HttpSurfaceTests.App>
{
    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new(new Dictionary<string, string> { ["ADMIN_USERNAME"] = "surface" });

        public void Dispose() => Factory.Dispose();
    }

    private const string Entity = "surface";

    private HttpRequestMessage Authorized(HttpMethod method, string path, HttpContent? content)
    {
        // Absolute, so that a path starting with "//" stays a path (a relative "//x" would name a host).
        var request = new HttpRequestMessage(method, new Uri(app.Factory.Server.BaseAddress.GetLeftPart(UriPartial.Authority) + path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + app.Factory.AdminApiKey)));
        return request;
    }

    [Fact]
    public async Task Doubled_slashes_from_a_base_url_ending_in_a_slash_reach_graphql_and_file_stream()
    {
        using var http = app.Factory.CreateClient();
        var upsert = """{"query": "mutation UpsertBucket($name: String, $project: String) { upsertBucket(input: {name: $name, modelName: $project}) { bucket { id } } }", "variables": {"name": "slashes1", "project": "surface-paths"}}""";
        using (var response = await http.SendAsync(Authorized(HttpMethod.Post, "//graphql", new StringContent(upsert, Encoding.UTF8, "application/json"))))
        {
            Assert.Equal(200, (int)response.StatusCode);
            Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["upsertBucket"]!["bucket"]!["id"]);
        }

        var lines = """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0, \"loss\": 1}"]}}}""";
        using (var response = await http.SendAsync(Authorized(HttpMethod.Post, $"//files/{Entity}/surface-paths/slashes1/file_stream", new StringContent(lines, Encoding.UTF8, "application/json"))))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        var run = await app.Factory.CreateAdminClient().QueryAsync("query { project(name: \"surface-paths\", entityName: \"surface\") { run(name: \"slashes1\") { historyLineCount } } }");
        Assert.Equal(1, run["project"]!["run"]!["historyLineCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/sdk/otel/v1/metrics")]
    [InlineData("/sdk/otel/v1/logs")]
    public async Task The_go_cores_telemetry_export_is_accepted_and_discarded_so_it_logs_no_errors(string path)
    {
        // 0.28.2 exports with no probe and logs every failed export (core/internal/analytics/opentelemetryproxy.go).
        using var http = app.Factory.CreateClient();
        var content = new ByteArrayContent([0x0A, 0x00]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await http.SendAsync(Authorized(HttpMethod.Post, path, content));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/sdk/otel/v1/metrics")]
    [InlineData("/sdk/otel/v1/logs")]
    public async Task A_telemetry_export_without_credentials_is_401(string path)
    {
        using var http = app.Factory.CreateClient();
        using var response = await http.PostAsync(path, new ByteArrayContent([0x0A, 0x00]));
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_gzipped_file_stream_body_is_unpacked_and_stored()
    {
        await app.Factory.CreateAdminClient().QueryAsync(
            "mutation { upsertBucket(input: {name: \"gzipped1\", modelName: \"surface-gzip\"}) { bucket { id } } }");
        var lines = """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0, \"loss\": 1}", "{\"_step\": 1, \"loss\": 0.5}"]}}}""";
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(lines));
        }

        var content = new ByteArrayContent(packed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var http = app.Factory.CreateClient();
        using (var response = await http.SendAsync(Authorized(HttpMethod.Post, $"/files/{Entity}/surface-gzip/gzipped1/file_stream", content)))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        var run = await app.Factory.CreateAdminClient().QueryAsync("query { project(name: \"surface-gzip\", entityName: \"surface\") { run(name: \"gzipped1\") { historyLineCount } } }");
        Assert.Equal(2, run["project"]!["run"]!["historyLineCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task GraphQL_answers_are_labelled_application_json_as_the_js_client_requires()
    {
        using var response = await app.Factory.CreateAdminClient().SendAsync(HttpMethod.Post, "/graphql", """{"query": "query Viewer { viewer { id entity flags teams { edges { node { name } } } } }", "variables": {}, "operationName": "Viewer"}""");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
