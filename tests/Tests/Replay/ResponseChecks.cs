using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// What each client reads from each answer (tests/fixtures/README.md, "Check each response"; docs/protocol/).
/// A missing field here is a crash on a user's machine.
/// </summary>
public static class ResponseChecks
{
    public static void Check(RecordedRequest request, JsonNode data)
    {
        var variables = request.Body?["variables"];
        switch (request.Operation)
        {
            case { } probe when probe.StartsWith("Probe", StringComparison.Ordinal):
                foreach (var (alias, type) in data.AsObject())
                {
                    Assert.True(type is JsonObject, $"{probe}: {alias} is null");
                    var list = type["fields"] ?? type["inputFields"];
                    Assert.True(list is JsonArray, $"{probe}: {alias} has no fields list");
                }

                break;
            case "Viewer":
                var viewer = data["viewer"]!;
                Assert.False(string.IsNullOrEmpty(viewer["entity"]?.GetValue<string>()), "viewer.entity");
                Assert.NotNull(JsonNode.Parse(viewer["flags"]!.GetValue<string>()));
                if (data["serverInfo"] is { } info)
                {
                    Assert.NotNull(info["cliVersionInfo"]?["max_cli_version"]);
                }

                break;
            case "UpsertBucket":
                var upsert = data["upsertBucket"]!;
                var bucket = upsert["bucket"]!;
                Assert.False(string.IsNullOrEmpty(bucket["id"]?.GetValue<string>()), "bucket.id");
                if (variables?["name"] is { } sentName && bucket["name"] is { } name)
                {
                    Assert.Equal(sentName.GetValue<string>(), name.GetValue<string>());
                }

                if (bucket["project"] is { } project)
                {
                    Assert.NotNull(project["name"]);
                    Assert.NotNull(project["entity"]!["name"]);
                }

                Assert.NotNull(upsert["inserted"]);
                if (upsert["serverSettings"] is { } settings)
                {
                    Assert.IsType<JsonArray>(settings["serverMessages"]);
                }

                break;
            case "RunResumeStatus":
                var model = data["model"]!;
                Assert.NotNull(model["entity"]!["name"]);
                var resumed = model["bucket"]!;
                foreach (var field in new[] { "config", "summaryMetrics", "historyLineCount", "eventsLineCount", "logLineCount", "historyTail", "eventsTail" })
                {
                    Assert.True(resumed[field] is not null, $"RunResumeStatus bucket.{field} is null");
                }

                // Each generation must be able to resume from the answer, and land where the recording's run was.
                var python = ClientResumeReaders.Python0166(resumed);
                var goCore = ClientResumeReaders.GoCore(resumed);
                Assert.Equal(python, goCore);
                Assert.Equal(python.HistoryLineCount, python.StartingStep);
                if (request.ExampleResponse?["data"]?["model"]?["bucket"] is JsonObject recorded)
                {
                    Assert.Equal(recorded["historyLineCount"]!.GetValue<int>(), python.HistoryLineCount);
                    Assert.Equal(recorded["eventsLineCount"]!.GetValue<int>(), resumed["eventsLineCount"]!.GetValue<int>());
                    Assert.Equal(recorded["logLineCount"]!.GetValue<int>(), resumed["logLineCount"]!.GetValue<int>());
                }

                break;
            case "RunStoppedStatus":
                Assert.False(data["project"]!["run"]!["stopped"]!.GetValue<bool>());
                break;
            case "CreateRunFiles":
                var created = data["createRunFiles"]!;
                Assert.False(string.IsNullOrEmpty(created["runID"]?.GetValue<string>()), "runID");
                Assert.IsType<JsonArray>(created["uploadHeaders"]);
                var names = variables!["files"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
                Assert.Equal(names, created["files"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList());
                Assert.All(created["files"]!.AsArray(), f => Assert.True(Uri.IsWellFormedUriString(f!["uploadUrl"]!.GetValue<string>(), UriKind.Absolute)));
                break;
            case "RunUploadUrls":
                var legacy = data["model"]!["bucket"]!;
                Assert.False(string.IsNullOrEmpty(legacy["id"]?.GetValue<string>()), "bucket.id");
                Assert.IsType<JsonArray>(legacy["files"]!["uploadHeaders"]);
                var legacyNames = variables!["files"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
                var edges = legacy["files"]!["edges"]!.AsArray();
                Assert.Equal(legacyNames, edges.Select(e => e!["node"]!["name"]!.GetValue<string>()).ToList());
                Assert.All(edges, e => Assert.True(Uri.IsWellFormedUriString(e!["node"]!["url"]!.GetValue<string>(), UriKind.Absolute)));
                break;
            case "CreateArtifact":
                var createdArtifact = data["createArtifact"]!["artifact"]!;
                AssertBase64(createdArtifact["id"]!.GetValue<string>());
                Assert.Equal("PENDING", createdArtifact["state"]!.GetValue<string>());
                break;
            case "CreateArtifactManifest":
                var manifest = data["createArtifactManifest"]!["artifactManifest"]!;
                AssertBase64(manifest["id"]!.GetValue<string>());
                if (variables?["includeUpload"]?.GetValue<bool>() == true)
                {
                    Assert.True(Uri.IsWellFormedUriString(manifest["file"]!["uploadUrl"]!.GetValue<string>(), UriKind.Absolute), "manifest uploadUrl");
                    Assert.IsType<JsonArray>(manifest["file"]!["uploadHeaders"]);
                }

                break;
            case "CreateArtifactFiles":
                var fileSpecs = variables!["artifactFiles"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
                var fileNodes = data["createArtifactFiles"]!["files"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
                Assert.Equal(fileSpecs, fileNodes.Select(n => n["displayName"]!.GetValue<string>()).ToList());
                foreach (var node in fileNodes)
                {
                    Assert.True(node.AsObject().ContainsKey("uploadUrl"), "CreateArtifactFiles node.uploadUrl");
                    if (node["uploadUrl"] is { } uploadUrl)
                    {
                        Assert.True(Uri.IsWellFormedUriString(uploadUrl.GetValue<string>(), UriKind.Absolute), "artifact file uploadUrl");
                    }

                    Assert.IsType<JsonArray>(node["uploadHeaders"]);
                    AssertBase64(node["artifact"]!["id"]!.GetValue<string>());
                }

                break;
            case "CommitArtifact":
                AssertBase64(data["commitArtifact"]!["artifact"]!["id"]!.GetValue<string>());
                break;
            case "ArtifactByIDShort":
                CheckCommittedArtifact(data["artifact"]!);
                Assert.True(Uri.IsWellFormedUriString(data["artifact"]!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>(), UriKind.Absolute));
                break;
            case "ArtifactByName":
                CheckCommittedArtifact(data["project"]!["artifact"]!);
                Assert.Equal("dataset", data["project"]!["artifact"]!["artifactType"]!["name"]!.GetValue<string>());
                break;
            case "ArtifactManifest":
                Assert.True(Uri.IsWellFormedUriString(
                    data["project"]!["artifact"]!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>(), UriKind.Absolute));
                break;
            case "ArtifactFileURLs":
                var artifactFiles = data["artifact"]!["files"]!;
                Assert.False(artifactFiles["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
                var urls = artifactFiles["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
                Assert.Equal(["data.csv"], urls.Select(n => n["name"]!.GetValue<string>()).ToList());
                Assert.All(urls, n => Assert.True(Uri.IsWellFormedUriString(n["directUrl"]!.GetValue<string>(), UriKind.Absolute)));
                break;
            case "Runs":
                var runs = data["project"]!;
                Assert.True(runs["runCount"]!.GetValue<int>() >= 1);
                Assert.NotNull(runs["runs"]!["pageInfo"]!["hasNextPage"]);
                foreach (var edge in runs["runs"]!["edges"]!.AsArray())
                {
                    CheckRunNode(edge!["node"]!);
                    Assert.NotNull(edge["cursor"]);
                }

                break;
            case "Run":
                CheckRunNode(data["project"]!["run"]!);
                break;
            case "RunFullHistory":
            case "HistoryPage":
                var history = data["project"]!["run"]!["history"]!.AsArray();
                var steps = history.Select(h => JsonNode.Parse(h!.GetValue<string>().Replace("NaN", "null", StringComparison.Ordinal))!["_step"]!.GetValue<long>()).ToList();
                Assert.NotEmpty(steps);
                Assert.Equal(steps.Order().ToList(), steps);
                if (request.Operation == "HistoryPage")
                {
                    var min = variables!["minStep"]!.GetValue<long>();
                    var max = variables["maxStep"]!.GetValue<long>();
                    Assert.All(steps, s => Assert.InRange(s, min, max - 1));
                }

                break;
            case "RunSampledHistory":
                var specs = variables!["specs"]!.AsArray();
                var sampled = data["project"]!["run"]!["sampledHistory"]!.AsArray();
                Assert.Equal(specs.Count, sampled.Count);
                var keys = JsonNode.Parse(specs[0]!.GetValue<string>())!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToHashSet();
                Assert.NotEmpty(sampled[0]!.AsArray());
                Assert.All(sampled[0]!.AsArray(), row => Assert.True(row!.AsObject().Select(p => p.Key).ToHashSet().SetEquals(keys), row.ToJsonString()));
                break;
            case "RunHistoryKeys":
                Assert.NotNull(data["project"]!["run"]!["historyKeys"]!["lastStep"]);
                break;
            case "RunFiles":
                var run = data["project"]!["run"]!;
                Assert.Equal(6, run["fileCount"]!.GetValue<int>());
                var files = run["files"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
                Assert.Equal(
                    ["config.yaml", "notes.txt", "output.log", "requirements.txt", "wandb-metadata.json", "wandb-summary.json"],
                    files.Select(f => f["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList());
                foreach (var file in files)
                {
                    foreach (var field in new[] { "id", "name", "url", "directUrl", "sizeBytes", "mimetype", "updatedAt", "md5" })
                    {
                        Assert.True(file[field] is not null, $"RunFiles node.{field} is null for {file["name"]}");
                    }
                }

                break;
        }
    }

    /// <summary>The artifact every Python recording logs: capture-dataset v0 with aliases latest and best, one file.</summary>
    private static void CheckCommittedArtifact(JsonNode artifact)
    {
        Assert.Equal("COMMITTED", artifact["state"]!.GetValue<string>());
        Assert.Equal(0, artifact["versionIndex"]!.GetValue<int>());
        Assert.Equal("capture-dataset", artifact["artifactSequence"]!["name"]!.GetValue<string>());
        Assert.Equal("capture-user", artifact["artifactSequence"]!["project"]!["entityName"]!.GetValue<string>());
        Assert.Equal("capture-proj", artifact["artifactSequence"]!["project"]!["name"]!.GetValue<string>());
        Assert.Equal(1, artifact["fileCount"]!.GetValue<int>());
        Assert.NotNull(artifact["commitHash"]);
        Assert.NotNull(artifact["createdAt"]);
        var aliases = artifact["aliases"]!.AsArray()
            .Where(a => a!["artifactCollection"]!["name"]!.GetValue<string>() == "capture-dataset"
                        && a["artifactCollection"]!["project"]!["entityName"]!.GetValue<string>() == "capture-user"
                        && a["artifactCollection"]!["project"]!["name"]!.GetValue<string>() == "capture-proj")
            .Select(a => a!["alias"]!.GetValue<string>())
            .ToList();
        Assert.Contains("latest", aliases);
        Assert.Contains("best", aliases);
        Assert.Equal(["v0"], aliases.Where(a => System.Text.RegularExpressions.Regex.IsMatch(a, "^v[0-9]+$")).ToList());
        if (artifact.AsObject().ContainsKey("ttlIsInherited"))
        {
            Assert.NotNull(artifact["ttlDurationSeconds"]);
            Assert.NotNull(artifact["ttlIsInherited"]);
        }
    }

    private static void AssertBase64(string id)
    {
        Assert.True(Convert.TryFromBase64String(id, new byte[id.Length], out _), $"'{id}' is not standard base64");
    }

    private static void CheckRunNode(JsonNode node)
    {
        Assert.False(string.IsNullOrEmpty(node["name"]?.GetValue<string>()), "run name");
        Assert.Equal("finished", node["state"]!.GetValue<string>());
        foreach (var field in new[] { "config", "summaryMetrics", "systemMetrics" })
        {
            Assert.NotNull(JsonNode.Parse(node[field]!.GetValue<string>().Replace("NaN", "null", StringComparison.Ordinal)));
        }

        Assert.NotNull(node["historyKeys"]!["lastStep"]);
    }
}
