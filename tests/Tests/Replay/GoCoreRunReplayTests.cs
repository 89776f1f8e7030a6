using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// The Go core's HTTP sequence for a run and its resume (tests/fixtures/go-core-0.28.2-run-resume.jsonl, written from the
/// 0.28.2 client source): Viewer and features, UpsertBucket, CreateRunFiles and PUTs to the URLs it hands out, gzipped
/// file_stream posts (the server advertises FILESTREAM_GZIP), the final post with the uploaded files, then
/// RunResumeStatus, UpsertBucket and logging on from the offsets it answered. Replayed against a real server process of
/// each profile; every answer is checked for the fields the Go core reads, and the run reads back whole.
/// </summary>
public abstract class GoCoreRunReplayTests
{
    private const string Fixture = "go-core-0.28.2-run-resume.jsonl";

    // Upload URLs of the cluster profile point at the blob store itself, not at the server.
    private static readonly HttpClient Direct = new();

    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    [Fact]
    public async Task The_go_core_logs_uploads_finishes_and_resumes_a_run()
    {
        using var deployment = await CreateDeploymentAsync();
        await using var group = await deployment.StartAsync();
        var server = group.Primary;
        var client = server.Client;
        var uploads = new Dictionary<string, (string Url, List<string> Headers)>();
        ClientResumeReaders.ResumePoint? resume = null;
        foreach (var request in RecordedRequest.Load(Fixture))
        {
            var where = $"seq {request.Seq} {request.Method} {request.Path} ({request.Operation})";
            if (request.IsGraphQL)
            {
                var data = await client.QueryAsync(request.Body!["query"]!.GetValue<string>(), request.Body["variables"]);
                switch (request.Operation)
                {
                    case "Viewer":
                        Assert.Equal("local", data["viewer"]!["entity"]!.GetValue<string>());
                        Assert.NotNull(data["viewer"]!["username"]);
                        break;
                    case "ServerFeaturesQuery":
                        Assert.Contains(data["serverInfo"]!["features"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "FILESTREAM_GZIP" && f["isEnabled"]!.GetValue<bool>());
                        break;
                    case "UpsertBucket":
                        var bucket = data["upsertBucket"]!["bucket"]!;
                        Assert.Equal("gc0001", bucket["name"]!.GetValue<string>());
                        Assert.Equal("gocore", bucket["project"]!["name"]!.GetValue<string>());
                        Assert.Equal("local", bucket["project"]!["entity"]!["name"]!.GetValue<string>());
                        Assert.NotNull(bucket["historyLineCount"]);
                        break;
                    case "CreateRunFiles":
                        var created = data["createRunFiles"]!;
                        Assert.False(string.IsNullOrEmpty(created["runID"]?.GetValue<string>()), where);
                        var headers = created["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
                        foreach (var file in created["files"]!.AsArray())
                        {
                            uploads[file!["name"]!.GetValue<string>()] = (file["uploadUrl"]!.GetValue<string>(), headers);
                        }

                        break;
                    case "RunResumeStatus":
                        resume = ClientResumeReaders.GoCore(data["model"]!["bucket"]!);
                        break;
                }

                continue;
            }

            if (request.Method == "PUT")
            {
                var (url, headers) = uploads[request.Path];
                using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(request.Body!.GetValue<string>(), Encoding.UTF8) };
                foreach (var header in headers)
                {
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    put.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..]);
                }

                using var response = await (Uri.IsWellFormedUriString(url, UriKind.Absolute) ? Direct : server.Http).SendAsync(put);
                Assert.True(response.IsSuccessStatusCode, $"{where}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            // file_stream, gzipped as the Go core sends it once FILESTREAM_GZIP is advertised.
            if (resume is { } point && request.Body!["files"]!["wandb-history.jsonl"] is { } history)
            {
                Assert.Equal(point.HistoryLineCount, history["offset"]!.GetValue<int>());
            }

            using var post = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = Gzipped(request.Body!.ToJsonString()) };
            post.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.ApiKey)));
            using var streamed = await server.Http.SendAsync(post);
            var text = await streamed.Content.ReadAsStringAsync();
            Assert.True(streamed.IsSuccessStatusCode, $"{where}: {(int)streamed.StatusCode} {text}");
            Assert.True(JsonNode.Parse(text)!.AsObject().ContainsKey("exitcode"), $"{where}: {text}");
        }

        Assert.Equal(new ClientResumeReaders.ResumePoint(5, 5), resume);
        var run = (await client.QueryAsync(
            "query { project(entityName: \"local\", name: \"gocore\") { run(name: \"gc0001\") { state historyLineCount eventsLineCount logLineCount history(samples: 100) files { edges { node { name sizeBytes } } } } } }"))["project"]!["run"]!;
        Assert.Equal("finished", run["state"]!.GetValue<string>());
        Assert.Equal(8, run["historyLineCount"]!.GetValue<int>());
        Assert.Equal(3, run["eventsLineCount"]!.GetValue<int>());
        Assert.Equal(4, run["logLineCount"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(0, 8), run["history"]!.AsArray().Select(r => JsonNode.Parse(r!.GetValue<string>())!["_step"]!.GetValue<int>()));
        var files = run["files"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ToList();
        Assert.Superset(new HashSet<string> { "wandb-metadata.json", "requirements.txt", "config.yaml", "wandb-summary.json", "output.log" }, files.ToHashSet());
    }

    private static ByteArrayContent Gzipped(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
