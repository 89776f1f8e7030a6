using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// The authorization matrix of issue 7: every caller (team admin, member, viewer, a server admin who is not a member,
/// an outsider, no key) × every project visibility × every operation (GraphQL reads and writes, file_stream, run-file,
/// chart and live URLs, and artifact URLs: file and manifest downloads, the clients' fallback download routes, upload
/// URLs) answers exactly allow or deny, with the status the protocol expects, and a denied answer never carries the
/// project's data. One app serves every cell.
/// </summary>
public sealed class TeamAccessMatrixTests(TeamAccessMatrixTests.App app) : IClassFixture<TeamAccessMatrixTests.App>
{
    private const string Team = "matrixlab";
    private const string RunName = "mxrun001";

    public static readonly string[] Callers = ["teamadmin", "member", "viewer", "serveradmin", "outsider", "anonymous"];
    public static readonly string[] Visibilities = ["private", "team", "open"];
    public static readonly string[] Operations =
    [
        "graphql.project", "graphql.run", "graphql.projects-listing", "graphql.run-history", "file.download", "media.thumbnail", "chart",
        "run.output", "live.project", "file_stream", "graphql.upsertBucket", "graphql.set-access", "graphql.entity",
        "web.account-projects", "artifact.file-urls", "artifact.by-id", "artifact.manifest", "artifact.fallback-v1",
        "artifact.fallback-v2", "artifact.upload-urls", "artifact.update",
    ];

    public sealed class App : IAsyncLifetime
    {
        public WandbAppFactory Factory { get; } = new();
        public Dictionary<string, string?> Keys { get; } = [];

        /// <summary>Per visibility: the id of the project's committed artifact version (mxdata:v0).</summary>
        public Dictionary<string, string> ArtifactIds { get; } = [];

        public async Task InitializeAsync()
        {
            var (admin, adminKey) = await TestUsers.CreateAsync(Factory, "mxadmin");
            var (member, memberKey) = await TestUsers.CreateAsync(Factory, "mxmember");
            var (viewer, viewerKey) = await TestUsers.CreateAsync(Factory, "mxviewer");
            var (_, outsiderKey) = await TestUsers.CreateAsync(Factory, "mxoutsider");
            await TestUsers.CreateTeamAsync(Factory, Team, admin.Id, (member.Id, MemberRoles.Member), (viewer.Id, MemberRoles.Viewer));
            Keys["teamadmin"] = adminKey;
            Keys["member"] = memberKey;
            Keys["viewer"] = viewerKey;
            Keys["serveradmin"] = Factory.AdminApiKey;
            Keys["outsider"] = outsiderKey;
            Keys["anonymous"] = null;

            var writer = Factory.CreateWandbClient(memberKey);
            var owner = Factory.CreateWandbClient(adminKey);
            foreach (var visibility in Visibilities)
            {
                var project = ProjectOf(visibility);
                var (status, body) = await writer.FileStreamAsync(Team, project, RunName, HistoryLine(visibility, 0));
                Assert.True(status == 200, body);
                await owner.QueryAsync(
                    "mutation($e: String, $p: String, $a: String) { upsertModel(input: {entityName: $e, name: $p, access: $a}) { project { access } } }",
                    new { e = Team, p = project, a = visibility == "team" ? null : visibility });
                var files = await writer.QueryAsync(
                    "mutation($e: String!, $p: String!, $r: String!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: [\"notes.txt\", \"media/images/pic.png\"]}) { files { name uploadUrl } } }",
                    new { e = Team, p = project, r = RunName });
                var url = new Uri(files["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>());
                using var put = await writer.SendAsync(HttpMethod.Put, url.PathAndQuery, Secret(visibility), "text/plain");
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
                var imageUrl = new Uri(files["createRunFiles"]!["files"]![1]!["uploadUrl"]!.GetValue<string>());
                using var image = await writer.Http.PutAsync(imageUrl.PathAndQuery, new ByteArrayContent(OnePixelPng));
                Assert.True(image.IsSuccessStatusCode, await image.Content.ReadAsStringAsync());

                var artifact = await new ArtifactClient(writer, Team, project).LogAsync(ArtifactName, [ArtifactFile(visibility)]);
                ArtifactIds[visibility] = artifact.Id;
            }
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var caller in Callers)
        {
            foreach (var visibility in Visibilities)
            {
                foreach (var operation in Operations)
                {
                    data.Add(caller, visibility, operation);
                }
            }
        }

        return data;
    }

    private static string ProjectOf(string visibility) => $"proj-{visibility}";

    /// <summary>A valid 1×1 PNG, the run's image that thumbnails are asked of.</summary>
    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private const string ArtifactName = "mxdata";

    /// <summary>The one file of each project's artifact; its bytes carry the project's secret marker.</summary>
    private static ArtifactFileSource ArtifactFile(string visibility) =>
        ArtifactFileSource.FromText("weights.txt", $"{Secret(visibility)}-artifact-bytes");

    /// <summary>A marker only the project's own data contains; no denied answer may include it.</summary>
    private static string Secret(string visibility) => $"secretmetric{visibility}";

    private static string HistoryLine(string visibility, int step) =>
        new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = new JsonObject
                {
                    ["offset"] = step,
                    ["content"] = new JsonArray($"{{\"{Secret(visibility)}\": {step}, \"_step\": {step}}}"),
                },
            },
        }.ToJsonString();

    /// <summary>The rule under test, written out once: who may read, write and manage a project of each visibility.</summary>
    private static (bool Read, bool Write, bool Manage) Expected(string caller, string visibility) => (caller, visibility) switch
    {
        ("anonymous", _) => (false, false, false),
        ("teamadmin", _) => (true, true, true),
        ("member", _) => (true, true, false),
        ("viewer", _) => (true, false, false),
        ("serveradmin", "private") => (false, false, false),
        ("serveradmin", _) => (true, true, true),
        ("outsider", "open") => (true, false, false),
        _ => (false, false, false),
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_gets_exactly_what_the_visibility_and_role_allow(string caller, string visibility, string operation)
    {
        var (read, write, manage) = Expected(caller, visibility);
        var client = app.Factory.CreateWandbClient(app.Keys[caller]);
        var project = ProjectOf(visibility);
        var secret = Secret(visibility);
        var anonymous = caller == "anonymous";

        switch (operation)
        {
            case "graphql.project":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($e: String, $p: String) { project(entityName: $e, name: $p) { name access runCount } }", new { e = Team, p = project });
                    AssertGraphQLRead(anonymous, read, status, body, "project", project);
                    break;
                }

            case "graphql.run":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($e: String, $p: String, $r: String) { project(entityName: $e, name: $p) { run(name: $r) { name } } }",
                        new { e = Team, p = project, r = RunName });
                    AssertGraphQLRead(anonymous, read, status, body, "project", RunName);
                    break;
                }

            case "graphql.run-history":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($e: String, $p: String, $r: String) { project(entityName: $e, name: $p) { run(name: $r) { history(samples: 10) } } }",
                        new { e = Team, p = project, r = RunName });
                    AssertGraphQLRead(anonymous, read, status, body, "project", secret);
                    break;
                }

            case "graphql.projects-listing":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($e: String) { projects(entityName: $e) { edges { node { name } } } }", new { e = Team });
                    if (anonymous)
                    {
                        Assert.Equal(401, status);
                        break;
                    }

                    Assert.Equal(200, status);
                    Assert.Equal(read, body!.ToJsonString().Contains(project, StringComparison.Ordinal));
                    break;
                }

            case "file.download":
                {
                    using var response = await client.SendAsync(HttpMethod.Get, $"/files/{Team}/{project}/{RunName}/notes.txt", null);
                    await AssertHttpRead(anonymous, read, response, secret);
                    break;
                }

            case "media.thumbnail":
                {
                    using var response = await client.SendAsync(HttpMethod.Get, $"/api/v1/media/{Team}/{project}/{RunName}/thumbnail?path=media/images/pic.png&size=64", null);
                    await AssertHttpRead(anonymous, read, response, null);
                    if (read)
                    {
                        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
                    }

                    break;
                }

            case "chart":
                {
                    var request = JsonSerializer.Serialize(new
                    {
                        runs = new[] { new { entity = Team, project, run = RunName } },
                        metrics = new[] { secret },
                        xAxis = "_step",
                        buckets = 10,
                    });
                    using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/charts", request);
                    await AssertHttpRead(anonymous, read, response, secret);
                    break;
                }

            case "run.output":
                {
                    using var response = await client.SendAsync(HttpMethod.Get, $"/api/v1/runs/{Team}/{project}/{RunName}/output", null);
                    await AssertHttpRead(anonymous, read, response, null);
                    break;
                }

            case "live.project":
                {
                    // The SSE stream would stay open when allowed; a denied caller is answered at once.
                    using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    using var message = new HttpRequestMessage(HttpMethod.Get, $"/api/live/projects/{Team}/{project}");
                    if (app.Keys[caller] is { } key)
                    {
                        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("api:" + key)));
                    }

                    using var response = await client.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                    var expected = anonymous ? HttpStatusCode.Unauthorized : read ? HttpStatusCode.OK : HttpStatusCode.NotFound;
                    Assert.Equal(expected, response.StatusCode);
                    break;
                }

            case "file_stream":
                {
                    var (status, body) = await client.FileStreamAsync(Team, project, RunName, HistoryLine(visibility, 1000 + Array.IndexOf(Callers, caller)));
                    Assert.Equal(anonymous ? 401 : write ? 200 : 403, status);
                    if (!write)
                    {
                        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
                    }

                    break;
                }

            case "graphql.upsertBucket":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "mutation($e: String, $p: String, $r: String) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r}) { bucket { name summaryMetrics } } }",
                        new { e = Team, p = project, r = RunName });
                    if (anonymous)
                    {
                        Assert.Equal(401, status);
                    }
                    else if (write)
                    {
                        Assert.Equal(200, status);
                        Assert.Null(body!["errors"]);
                    }
                    else
                    {
                        Assert.Equal(403, status);
                        Assert.DoesNotContain(secret, body!.ToJsonString(), StringComparison.Ordinal);
                    }

                    break;
                }

            case "graphql.set-access":
                {
                    // Setting the visibility it already has is still a managing operation.
                    var (status, body) = await client.GraphQLAsync(
                        "mutation($e: String!, $p: String!, $a: String) { upsertModel(input: {entityName: $e, name: $p, access: $a}) { project { access } } }",
                        new { e = Team, p = project, a = "PRIVATE_PROBE" });
                    if (anonymous)
                    {
                        Assert.Equal(401, status);
                        break;
                    }

                    // An unknown visibility is refused (400) before anything else, so nobody learns about the project from it.
                    Assert.Equal(400, status);
                    Assert.NotNull(body!["errors"]);
                    var (setStatus, setBody) = await client.GraphQLAsync(
                        "mutation($e: String!, $p: String!, $a: String) { upsertModel(input: {entityName: $e, name: $p, access: $a}) { project { access } } }",
                        new { e = Team, p = project, a = visibility });
                    if (manage)
                    {
                        Assert.Equal(200, setStatus);
                        Assert.Null(setBody!["errors"]);
                        Assert.Equal(visibility, setBody["data"]!["upsertModel"]!["project"]!["access"]!.GetValue<string>());
                    }
                    else
                    {
                        Assert.True(setStatus is 200 or 403, setBody?.ToJsonString());
                        Assert.NotNull(setBody!["errors"]);
                        Assert.DoesNotContain(secret, setBody.ToJsonString(), StringComparison.Ordinal);
                    }

                    break;
                }

            case "graphql.entity":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($n: String!) { entity(name: $n) { name isTeam members { username role apiKey } } }", new { n = Team });
                    if (anonymous)
                    {
                        Assert.Equal(401, status);
                        break;
                    }

                    // The team itself is visible to its members and server admins; outsiders learn nothing.
                    var seesTeam = caller is not "outsider";
                    Assert.Equal(200, status);
                    Assert.Equal(seesTeam, body!["data"]!["entity"] is not null);
                    if (!seesTeam)
                    {
                        Assert.DoesNotContain("mxmember", body.ToJsonString(), StringComparison.Ordinal);
                    }

                    break;
                }

            case "web.account-projects":
                {
                    using var response = await client.SendAsync(HttpMethod.Get, "/api/account/projects", null);
                    if (anonymous)
                    {
                        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                        break;
                    }

                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var text = await response.Content.ReadAsStringAsync();

                    // Lists the caller's own entities only: members see every project they may read there.
                    var member = caller is "teamadmin" or "member" or "viewer";
                    Assert.Equal(member && read, text.Contains(project, StringComparison.Ordinal));
                    break;
                }

            case "artifact.file-urls":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($e: String, $p: String, $n: String!) { project(entityName: $e, name: $p) { artifact(name: $n) { files { edges { node { name directUrl } } } } } }",
                        new { e = Team, p = project, n = ArtifactName + ":v0" });
                    AssertGraphQLRead(anonymous, read, status, body, "project", "weights.txt");
                    if (read)
                    {
                        var url = body!["data"]!["project"]!["artifact"]!["files"]!["edges"]![0]!["node"]!["directUrl"]!.GetValue<string>();
                        Assert.Contains($"{secret}-artifact-bytes", await DownloadAsync(client, url), StringComparison.Ordinal);
                    }

                    break;
                }

            case "artifact.by-id":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($id: ID!) { artifact(id: $id) { id files { edges { node { directUrl } } } currentManifest { file { directUrl } } } }",
                        new { id = app.ArtifactIds[visibility] });
                    AssertGraphQLRead(anonymous, read, status, body, "artifact", "/storage/artifacts/");
                    break;
                }

            case "artifact.update":
                {
                    // artifact.save() on a logged version: a write, refused to readers without changing anything.
                    var (status, body) = await client.GraphQLAsync(
                        "mutation($i: UpdateArtifactInput!) { updateArtifact(input: $i) { artifact { id description } } }",
                        new { i = new { artifactID = app.ArtifactIds[visibility], description = $"edited by {caller}" } });
                    if (anonymous)
                    {
                        Assert.Equal(401, status);
                    }
                    else if (write)
                    {
                        Assert.True(status == 200 && body!["errors"] is null, body?.ToJsonString());
                        Assert.Equal($"edited by {caller}", body!["data"]!["updateArtifact"]!["artifact"]!["description"]!.GetValue<string>());
                    }
                    else
                    {
                        // A refused mutation answers its status (docs/protocol/graphql.md#refused-mutations): 404 when
                        // the caller may not read the artifact, 403 when they may read but not write it.
                        Assert.True(status is 403 or 404, body?.ToJsonString());
                        Assert.NotNull(body!["errors"]);
                        Assert.DoesNotContain(secret, body.ToJsonString(), StringComparison.Ordinal);
                    }

                    break;
                }

            case "artifact.manifest":
                {
                    var (status, body) = await client.GraphQLAsync(
                        "query($e: String, $p: String, $n: String!) { project(entityName: $e, name: $p) { artifact(name: $n) { currentManifest { file { directUrl } } } } }",
                        new { e = Team, p = project, n = ArtifactName + ":latest" });
                    AssertGraphQLRead(anonymous, read, status, body, "project", "/storage/artifacts/");
                    if (read)
                    {
                        var url = body!["data"]!["project"]!["artifact"]!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>();
                        var manifest = JsonNode.Parse(await DownloadAsync(client, url))!;
                        Assert.Equal(ArtifactFile(visibility).Md5Base64, manifest["contents"]!["weights.txt"]!["digest"]!.GetValue<string>());
                    }

                    break;
                }

            case "artifact.fallback-v1":
                {
                    using var response = await client.SendAsync(HttpMethod.Get, $"/artifacts/{Team}/{ArtifactFile(visibility).Md5Hex}", null);
                    await AssertHttpRead(anonymous, read, response, $"{secret}-artifact-bytes");
                    break;
                }

            case "artifact.fallback-v2":
                {
                    using var response = await client.SendAsync(
                        HttpMethod.Get, $"/artifactsV2/default/{Team}/{app.ArtifactIds[visibility]}/{ArtifactFile(visibility).Md5Hex}/weights.txt", null);
                    await AssertHttpRead(anonymous, read, response, $"{secret}-artifact-bytes");
                    break;
                }

            case "artifact.upload-urls":
                {
                    await AssertUploadUrlsAsync(client, caller, visibility, anonymous, write);
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    /// <summary>
    /// Upload URLs for artifact bytes and manifests go only to writers: they get them for a new version; everyone else is
    /// refused when creating a version, and when asking for upload URLs into the project's existing version.
    /// </summary>
    private async Task AssertUploadUrlsAsync(WandbClient client, string caller, string visibility, bool anonymous, bool write)
    {
        var artifacts = new ArtifactClient(client, Team, ProjectOf(visibility));
        var file = ArtifactFileSource.FromText("upload.txt", $"upload by {caller} into {visibility}");
        if (write)
        {
            var created = await artifacts.CreateArtifactAsync("up-" + caller, "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
            var manifestId = (await artifacts.CreateManifestAsync(created["id"]!.GetValue<string>(), "", includeUpload: false))["id"]!.GetValue<string>();
            var node = Assert.Single(await artifacts.CreateFilesAsync(created["id"]!.GetValue<string>(), manifestId, [file]));
            Assert.Contains("/storage/artifacts/", node["uploadUrl"]!.GetValue<string>(), StringComparison.Ordinal);
            return;
        }

        var existing = app.ArtifactIds[visibility];
        var attempts = new (string Query, object Variables)[]
        {
            ("mutation($i: CreateArtifactInput!) { createArtifact(input: $i) { artifact { id } } }",
                new { i = new { entityName = Team, projectName = ProjectOf(visibility), artifactTypeName = "dataset", artifactCollectionName = "up-" + caller, digest = ArtifactClient.Digest([file]) } }),
            ("mutation($f: [CreateArtifactFileSpecInput!]!) { createArtifactFiles(input: {artifactFiles: $f, storageLayout: V2}) { files { edges { node { uploadUrl } } } } }",
                new { f = new[] { new { artifactID = existing, name = file.Name, md5 = file.Md5Base64 } } }),
            ("mutation($a: ID!) { createArtifactManifest(input: {name: \"wandb_manifest.json\", digest: \"\", artifactID: $a, entityName: \"matrixlab\", projectName: \"x\", runName: \"\", type: FULL}) { artifactManifest { file { uploadUrl } } } }",
                new { a = existing }),
        };
        foreach (var (query, variables) in attempts)
        {
            var (status, body) = await client.GraphQLAsync(query, variables);
            if (anonymous)
            {
                Assert.Equal(401, status);
                continue;
            }

            Assert.True(status is 403 or 404, body?.ToJsonString());
            Assert.NotNull(body!["errors"]);
            Assert.DoesNotContain("/storage/", body.ToJsonString(), StringComparison.Ordinal);
        }
    }

    /// <summary>GETs a URL the server handed out (signed; the test client reaches it by path).</summary>
    private static async Task<string> DownloadAsync(WandbClient client, string url)
    {
        using var response = await client.Http.GetAsync(new Uri(url).PathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static void AssertGraphQLRead(bool anonymous, bool read, int status, JsonNode? body, string field, string marker)
    {
        if (anonymous)
        {
            Assert.Equal(401, status);
            return;
        }

        Assert.Equal(200, status);
        Assert.Null(body!["errors"]);
        var value = body["data"]![field];
        Assert.Equal(read, value is not null);
        Assert.Equal(read, body.ToJsonString().Contains(marker, StringComparison.Ordinal));
    }

    private static async Task AssertHttpRead(bool anonymous, bool read, HttpResponseMessage response, string? marker)
    {
        var text = await response.Content.ReadAsStringAsync();
        var expected = anonymous ? HttpStatusCode.Unauthorized : read ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        if (read && marker is not null)
        {
            Assert.Contains(marker, text, StringComparison.Ordinal);
        }
        else if (!read)
        {
            Assert.DoesNotContain("secretmetric", text, StringComparison.Ordinal);
        }
    }
}
