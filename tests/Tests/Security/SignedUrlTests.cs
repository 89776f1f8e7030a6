using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11 item 8: signed URLs used to last 7 days and outlive the access of the user they were handed to (a removed
/// viewer overwrote a team file with a saved PUT URL). Upload URLs now live minutes and download URLs at most an hour,
/// on both profiles; the server's own URLs are bound to their user and project and stop working once that user loses
/// access (<see cref="EmbeddedSignedUrlTests"/>). Blob-store SAS URLs cannot be revoked one by one: their short lifetime
/// is the residual window (README, Security).
/// </summary>
public abstract class SignedUrlTests(SecurityApp app)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    /// <summary>When a handed-out URL expires: <c>exp</c> (unix seconds) on the server's URLs, <c>se</c> (ISO time) on SAS URLs.</summary>
    private static DateTimeOffset ExpiryOf(string url)
    {
        var query = QueryHelpers.ParseQuery(new Uri(url).Query);
        return query.TryGetValue("exp", out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(exp!))
            : DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task UploadUrls_ExpireWithinMinutes_AndDownloadUrls_WithinAnHour()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "lifetimes", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "lifetimes", "run00001", "a.txt", [1, 2, 3]);
        var data = await app.Client(app.DaveKey).QueryAsync(
            """query { project(entityName: "lab", name: "lifetimes") { run(name: "run00001") { files(names: ["a.txt"]) { edges { node { directUrl uploadUrl } } } } } }""");
        var node = data["project"]!["run"]!["files"]!["edges"]![0]!["node"]!;
        var artifact = await new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, "lifetimes").LogAsync("small", [ArtifactFileSource.FromText("b.txt", "b")]);
        var artifactFile = Assert.Single(await new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, "lifetimes").FilesAsync(artifact.Id));

        var now = DateTimeOffset.UtcNow;
        Assert.InRange(ExpiryOf(node["uploadUrl"]!.GetValue<string>()), now, now + TimeSpan.FromMinutes(15) + Slack);
        Assert.InRange(ExpiryOf(node["directUrl"]!.GetValue<string>()), now, now + TimeSpan.FromHours(1) + Slack);
        Assert.InRange(ExpiryOf(artifactFile["directUrl"]!.GetValue<string>()), now, now + TimeSpan.FromHours(1) + Slack);
    }
}

/// <summary>
/// The server's own signed URLs (embedded profile) carry the user and project they were granted for, and every use
/// checks that grant against the directory's cached access lookup.
/// </summary>
public sealed class EmbeddedSignedUrlTests(EmbeddedSignedUrlTests.Server server)
    : SignedUrlTests(server), IClassFixture<EmbeddedSignedUrlTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    private async Task RemoveFromTeamAsync(string username)
    {
        var owner = server.Client(server.AliceKey);
        var members = await owner.QueryAsync("query($n: String!) { entity(name: $n) { members { id username } } }", new { n = SecurityApp.Team });
        var id = members["entity"]!["members"]!.AsArray().Single(m => m!["username"]!.GetValue<string>() == username)!["id"]!.GetValue<string>();
        await owner.QueryAsync("mutation($id: String, $e: String) { deleteInvite(input: {id: $id, entityName: $e}) { success } }", new { id, e = SecurityApp.Team });
    }

    private async Task<(string Key, string Username)> NewTeamUserAsync(string username, string role)
    {
        var (user, key) = await TestUsers.CreateAsync(server.Factory, username);
        await server.Factory.Services.GetRequiredService<AccountAdmin>().AddMemberAsync(SecurityApp.Team, user.Id, role);
        return (key, user.Username);
    }

    [Fact]
    public async Task SignedUrlPreflight_FromTheServersOwnOrigin_IsGranted_WithoutCredentials_AndOtherOrigins_GetNoCorsHeaders()
    {
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "corsget", "run00001", "team");
        await server.UploadRunFileAsync(server.DaveKey, SecurityApp.Team, "corsget", "run00001", "gql_test_file.txt", Encoding.UTF8.GetBytes("test2"));
        var url = (await server.Client(server.DaveKey).QueryAsync(
            """query { project(entityName: "lab", name: "corsget") { run(name: "run00001") { files(names: ["./gql_test_file.txt"]) { edges { node { url } } } } } }"""))
            ["project"]!["run"]!["files"]!["edges"]![0]!["node"]!["url"]!.GetValue<string>();
        var own = new Uri(url).GetLeftPart(UriPartial.Authority);
        var http = server.Factory.CreateClient();

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string origin)
        {
            var request = new HttpRequestMessage(method, new Uri(url).PathAndQuery);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            return await http.SendAsync(request);
        }

        // What wandb verify sends (check_cors_configuration): OPTIONS on a file's URL with the base URL as Origin.
        using (var preflight = await SendAsync(HttpMethod.Options, own))
        {
            Assert.True(preflight.IsSuccessStatusCode);
            Assert.Equal(own, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.Contains("PUT", Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
            Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
        }

        using (var get = await SendAsync(HttpMethod.Get, own))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(own, Assert.Single(get.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        foreach (var method in new[] { HttpMethod.Options, HttpMethod.Get })
        {
            using var foreign = await SendAsync(method, "https://evil.example");
            Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.False(foreign.Headers.Contains("Access-Control-Allow-Methods"));
        }
    }

    [Fact]
    public async Task RemovedViewer_CannotUseSavedDownloadUrl()
    {
        var (key, username) = await NewTeamUserAsync("exviewer", MemberRoles.Viewer);
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "savedget", "run00001", "team");
        await server.UploadRunFileAsync(server.DaveKey, SecurityApp.Team, "savedget", "run00001", "secret.txt", Encoding.UTF8.GetBytes("team secret"));
        var viewer = server.Client(key);
        var url = (await viewer.QueryAsync(
            """query { project(entityName: "lab", name: "savedget") { run(name: "run00001") { files(names: ["secret.txt"]) { edges { node { directUrl } } } } } }"""))
            ["project"]!["run"]!["files"]!["edges"]![0]!["node"]!["directUrl"]!.GetValue<string>();
        using (var before = await server.Factory.CreateClient().GetAsync(new Uri(url).PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await RemoveFromTeamAsync(username);

        using var after = await server.Factory.CreateClient().GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.DoesNotContain("team secret", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovedMember_CannotOverwriteTeamFile_WithSavedPutUrl()
    {
        var (key, username) = await NewTeamUserAsync("exmember", MemberRoles.Member);
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "savedput", "run00001", "team");
        await server.UploadRunFileAsync(server.DaveKey, SecurityApp.Team, "savedput", "run00001", "results.txt", Encoding.UTF8.GetBytes("original"));
        var member = server.Client(key);
        var url = (await member.QueryAsync(
            """mutation { createRunFiles(input: {entityName: "lab", projectName: "savedput", runName: "run00001", files: ["results.txt"]}) { files { uploadUrl } } }"""))
            ["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>();

        await RemoveFromTeamAsync(username);

        using var put = await server.Factory.CreateClient().PutAsync(new Uri(url).PathAndQuery, new StringContent("overwritten"));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using var keyed = await server.Client(server.DaveKey).SendAsync(HttpMethod.Get, "/files/lab/savedput/run00001/results.txt", null);
        Assert.Equal("original", await keyed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SavedArtifactDownloadUrl_StopsWorking_WhenTheProjectBecomesPrivate()
    {
        await server.CreateProjectAsync(server.AliceKey, "alice", "wasopen", "run00001", "open");
        var artifact = await new ArtifactClient(server.Client(server.AliceKey), "alice", "wasopen").LogAsync("shared", [ArtifactFileSource.FromText("c.txt", "was public")]);
        var outsider = new ArtifactClient(server.Client(server.BobKey), "alice", "wasopen");
        var url = Assert.Single(await outsider.FilesAsync(artifact.Id))["directUrl"]!.GetValue<string>();
        Assert.Equal("was public", Encoding.UTF8.GetString(await outsider.GetBytesAsync(url)));

        await server.Client(server.AliceKey).QueryAsync(
            """mutation { upsertModel(input: {entityName: "alice", name: "wasopen", access: "private"}) { project { access } } }""");

        using var after = await outsider.SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }
}

/// <summary>SAS lifetimes on a 2-silo cluster (the blob store's URLs).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSignedUrlTests(ClusterSignedUrlTests.Server server)
    : SignedUrlTests(server), IClassFixture<ClusterSignedUrlTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
