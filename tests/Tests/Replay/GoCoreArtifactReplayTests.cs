using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// The Go core's artifact save and download (tests/fixtures/go-core-0.28.2-artifact-multipart-download.jsonl, written
/// from the 0.28.2 client source by scripts/write-go-core-fixtures.py): version 0 with a file uploaded in parts
/// (<c>CreateArtifactFiles</c> with <c>storageLayout: V2</c> and <c>uploadPartsInput</c>, a PUT per part with
/// <c>Content-MD5</c>, <c>CompleteMultipartUploadArtifact</c> with the ETags), the manifest and the commit; version 1
/// reusing the stored part-uploaded file; then the core's downloader (<c>ArtifactManifest</c>, the manifest GET,
/// <c>ArtifactFileURLsByManifestEntries</c>, a GET per file). Every answer is checked for each field the core reads
/// (docs/protocol/artifacts.md), downloads against the bytes uploaded. Where the server answers no part URLs (the
/// cluster profile's blob store, whose upload headers carry <c>x-ms-blob-type</c>) the replay uploads the whole file
/// as the core's Azure path does and skips the completion.
/// </summary>
public abstract class GoCoreArtifactReplayTests
{
    private const string Fixture = "go-core-0.28.2-artifact-multipart-download.jsonl";

    /// <summary>A new installation of the profile under test.</summary>
    protected abstract Task<ServerDeployment> CreateDeploymentAsync();

    [Fact]
    public async Task The_go_core_saves_a_multipart_artifact_reuses_it_in_a_new_version_and_downloads_it_byte_for_byte()
    {
        using var deployment = await CreateDeploymentAsync();
        await using var group = await deployment.StartAsync();
        var server = group.Primary;
        var requests = RecordedRequest.Load(Fixture);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var uploads = new Dictionary<string, (string Url, IReadOnlyList<string> Headers)>(StringComparer.Ordinal);
        var parts = new Dictionary<string, (string UploadId, string StoragePath, Dictionary<long, string> Urls, IReadOnlyList<string> Headers)>(StringComparer.Ordinal);
        var etags = new Dictionary<string, SortedDictionary<long, string>>(StringComparer.Ordinal);
        var stored = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var downloads = new Dictionary<string, string>(StringComparer.Ordinal);
        var wholeFiles = new HashSet<string>(StringComparer.Ordinal);
        string? artifactId = null;
        foreach (var request in requests)
        {
            var where = GoCoreWire.Where(request);
            if (request.IsGraphQL)
            {
                var body = JsonNode.Parse(Substitute(request.Body!.ToJsonString(), ids))!;
                var variables = body["variables"]!;
                if (request.Operation == "CreateArtifactManifest" && variables["includeUpload"]!.GetValue<bool>())
                {
                    // The digest of the manifest bytes the core PUTs next, with our ids in it.
                    var manifest = requests.First(r => r.Seq > request.Seq && r.Method == "PUT" && r.Path == "wandb_manifest.json");
                    variables["digest"] = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(Substitute(manifest.Body!.GetValue<string>(), ids))));
                }

                if (request.Operation == "CompleteMultipartUploadArtifact")
                {
                    if (wholeFiles.Contains(variables["storagePath"]!.GetValue<string>()["wandb_artifacts/".Length..]))
                    {
                        continue; // uploaded whole: the core has no multipart upload to complete
                    }

                    var name = variables["storagePath"]!.GetValue<string>()["wandb_artifacts/".Length..];
                    variables["storagePath"] = parts[name].StoragePath;
                    variables["uploadID"] = parts[name].UploadId;
                    Assert.Equal(
                        variables["completedParts"]!.AsArray().Select(p => p!["hexMD5"]!.GetValue<string>()),
                        etags[name].Values);
                }

                var data = await GoCoreWire.GraphQLAsync(server, request, body);
                switch (request.Operation)
                {
                    case "ServerFeaturesQuery":
                        Assert.All(data["serverInfo"]!["features"]!.AsArray(), f => Assert.NotNull(f!["isEnabled"]));
                        break;
                    case "UpsertBucket":
                        Assert.Equal("ar0001", data["upsertBucket"]!["bucket"]!["name"]!.GetValue<string>());
                        break;
                    case "CreateArtifact":
                        var artifact = data["createArtifact"]!["artifact"]!;
                        Assert.Equal("PENDING", artifact["state"]!.GetValue<string>());
                        artifactId = artifact["id"]!.GetValue<string>();
                        var recorded = request.ExampleResponse!["data"]!["createArtifact"]!["artifact"]!;
                        ids[recorded["id"]!.GetValue<string>()] = artifactId;
                        var latest = artifact["artifactSequence"]!["latestArtifact"];
                        if (recorded["artifactSequence"]!["latestArtifact"] is { } recordedLatest)
                        {
                            Assert.Equal(ids[recordedLatest["id"]!.GetValue<string>()], latest?["id"]?.GetValue<string>());
                        }
                        else
                        {
                            Assert.Null(latest);
                        }

                        break;
                    case "CreateArtifactManifest":
                        var created = data["createArtifactManifest"]!["artifactManifest"]!;
                        Assert.NotNull(created["file"]!["id"]);
                        ids.TryAdd(request.ExampleResponse!["data"]!["createArtifactManifest"]!["artifactManifest"]!["id"]!.GetValue<string>(), created["id"]!.GetValue<string>());
                        if (variables["includeUpload"]!.GetValue<bool>())
                        {
                            uploads["wandb_manifest.json"] = (created["file"]!["uploadUrl"]!.GetValue<string>(), Strings(created["file"]!["uploadHeaders"]!));
                        }

                        break;
                    case "CreateArtifactFiles":
                        var specs = variables["artifactFiles"]!.AsArray();
                        var edges = data["createArtifactFiles"]!["files"]!["edges"]!.AsArray();
                        Assert.Equal(specs.Count, edges.Count);
                        var births = BirthsInNextManifest(requests, request, ids);
                        for (var i = 0; i < specs.Count; i++)
                        {
                            // The core matches answers to specs by index.
                            var name = specs[i]!["name"]!.GetValue<string>();
                            var node = edges[i]!["node"]!;
                            Assert.Equal(births[name], node["artifact"]!["id"]!.GetValue<string>());
                            Assert.False(string.IsNullOrEmpty(node["storagePath"]?.GetValue<string>()), $"{where}: storagePath of {name}");
                            var headers = Strings(node["uploadHeaders"]!);
                            if (births[name] != artifactId)
                            {
                                Assert.Null(node["uploadUrl"]);
                                continue;
                            }

                            Assert.False(string.IsNullOrEmpty(node["uploadUrl"]?.GetValue<string>()), $"{where}: uploadUrl of {name}");
                            uploads[name] = (node["uploadUrl"]!.GetValue<string>(), headers);
                            if (specs[i]!["uploadPartsInput"] is JsonArray && node["uploadMultipartUrls"] is null)
                            {
                                // A blob store's URL (cluster profile) takes the whole file: the core sees x-ms-blob-type
                                // and uploads through the Azure SDK instead of in parts (filetransfer/task_default.go).
                                Assert.Contains(headers, h => h.StartsWith("x-ms-blob-type:", StringComparison.OrdinalIgnoreCase));
                                wholeFiles.Add(name);
                            }
                            else if (specs[i]!["uploadPartsInput"] is JsonArray planned)
                            {
                                var multipart = node["uploadMultipartUrls"]!;
                                var urls = multipart["uploadUrlParts"]!.AsArray().ToDictionary(p => p!["partNumber"]!.GetValue<long>(), p => p!["uploadUrl"]!.GetValue<string>());
                                Assert.Equal(planned.Select(p => p!["partNumber"]!.GetValue<long>()), urls.Keys.Order());
                                parts[name] = (multipart["uploadID"]!.GetValue<string>(), node["storagePath"]!.GetValue<string>(), urls, headers);
                            }
                            else
                            {
                                Assert.Null(node["uploadMultipartUrls"]);
                            }
                        }

                        break;
                    case "CompleteMultipartUploadArtifact":
                        var file = variables["storagePath"]!.GetValue<string>();
                        var joined = stored[parts.Single(p => p.Value.StoragePath == file).Key];
                        Assert.Equal(Convert.ToBase64String(MD5.HashData(joined)), data["completeMultipartUploadArtifact"]!["digest"]!.GetValue<string>());
                        break;
                    case "CommitArtifact":
                        Assert.Equal(artifactId, data["commitArtifact"]!["artifact"]!["id"]!.GetValue<string>());
                        Assert.False(string.IsNullOrEmpty(data["commitArtifact"]!["artifact"]!["digest"]?.GetValue<string>()), where);
                        break;
                    case "ArtifactManifest":
                        downloads["wandb_manifest.json"] = data["artifact"]!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>();
                        break;
                    case "ArtifactFileURLsByManifestEntries":
                        var connection = data["artifact"]!["filesByManifestEntries"]!;
                        Assert.False(connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
                        foreach (var edge in connection["edges"]!.AsArray())
                        {
                            downloads[edge!["node"]!["name"]!.GetValue<string>()] = edge["node"]!["directUrl"]!.GetValue<string>();
                        }

                        Assert.Equal(
                            variables["entries"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Order(),
                            downloads.Keys.Where(k => k != "wandb_manifest.json").Order());
                        break;
                }

                continue;
            }

            if (request.Method == "PUT")
            {
                var bytes = Encoding.UTF8.GetBytes(Substitute(request.Body!.GetValue<string>(), ids));
                if (request.Path.Split("#part=") is [var whole, var part] && wholeFiles.Contains(whole))
                {
                    byte[] before = part == "1" ? [] : stored[whole];
                    stored[whole] = [.. before, .. bytes];
                    if (!requests.Any(r => r.Seq == request.Seq + 1 && r.Path.StartsWith(whole + "#part=", StringComparison.Ordinal)))
                    {
                        var (url, headers) = uploads[whole];
                        using var response = await GoCoreWire.PutAsync(server, url, stored[whole], headers);
                        Assert.True(response.IsSuccessStatusCode, $"{where}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                else if (request.Path.Split("#part=") is [var name, var number])
                {
                    // Parts carry their Content-MD5 and the content type of the file's upload headers (saver.go:uploadMultipart).
                    var (_, _, urls, headers) = parts[name];
                    var contentType = headers.FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.Ordinal))?["Content-Type:".Length..] ?? "";
                    using var response = await GoCoreWire.PutAsync(server, urls[long.Parse(number)], bytes, [], new Dictionary<string, string>
                    {
                        ["Content-MD5"] = request.Headers["Content-Md5"]!.GetValue<string>(),
                        ["Content-Type"] = contentType,
                    });
                    Assert.True(response.IsSuccessStatusCode, $"{where}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    Assert.NotNull(response.Headers.ETag);
                    (etags.TryGetValue(name, out var etag) ? etag : etags[name] = [])[long.Parse(number)] = response.Headers.ETag.ToString();
                    byte[] soFar = number == "1" ? [] : stored[name];
                    stored[name] = [.. soFar, .. bytes];
                }
                else
                {
                    var (url, headers) = uploads[request.Path];
                    using var response = await GoCoreWire.PutAsync(server, url, bytes, headers);
                    Assert.True(response.IsSuccessStatusCode, $"{where}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    stored[request.Path] = bytes;
                }

                continue;
            }

            // GET: the manifest and each file from the directUrl answered for it, exactly the bytes uploaded.
            Assert.Equal(stored[request.Path], await GoCoreWire.GetAsync(server, downloads[request.Path]));
        }

        var version = (await server.Client.QueryAsync(
            "query($id: ID!) { artifact(id: $id) { state versionIndex fileCount aliases { alias } } }", new { id = artifactId }))["artifact"]!;
        Assert.Equal("COMMITTED", version["state"]!.GetValue<string>());
        Assert.Equal(1, version["versionIndex"]!.GetValue<int>());
        Assert.Equal(2, version["fileCount"]!.GetValue<int>());
        Assert.Contains(version["aliases"]!.AsArray(), a => a!["alias"]!.GetValue<string>() == "latest");
    }

    /// <summary>Recorded ids replaced by ours wherever they occur (variables, manifest bytes).</summary>
    private static string Substitute(string text, Dictionary<string, string> ids) =>
        ids.Aggregate(text, (current, id) => current.Replace(id.Key, id.Value, StringComparison.Ordinal));

    /// <summary>Each file's birth artifact as the manifest this save uploads names it, in our ids.</summary>
    private static Dictionary<string, string> BirthsInNextManifest(IReadOnlyList<RecordedRequest> requests, RecordedRequest request, Dictionary<string, string> ids)
    {
        var manifest = requests.First(r => r.Seq > request.Seq && r.Method == "PUT" && r.Path == "wandb_manifest.json");
        return JsonNode.Parse(Substitute(manifest.Body!.GetValue<string>(), ids))!["contents"]!.AsObject()
            .ToDictionary(entry => entry.Key, entry => entry.Value!["birthArtifactID"]!.GetValue<string>());
    }

    private static List<string> Strings(JsonNode list) => list.AsArray().Select(h => h!.GetValue<string>()).ToList();
}
