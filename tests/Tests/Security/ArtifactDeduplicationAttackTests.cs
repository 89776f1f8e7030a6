using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11 item 1: knowing the MD5 of one common file of another user's artifact (an empty file, a LICENSE,
/// <c>hello world\n</c>) in a PRIVATE project must give away nothing: not the artifact, its project, metadata, run or
/// URLs, not even whether the content is stored anywhere, and never its bytes. Content stored only by others is new to
/// the caller; it is stored once by digest after the caller's bytes prove to be it.
/// Each profile runs the same attacks (<see cref="EmbeddedArtifactDeduplicationAttackTests"/>, <see cref="ClusterArtifactDeduplicationAttackTests"/>).
/// </summary>
public abstract class ArtifactDeduplicationAttackTests(SecurityApp app)
{
    private const string SecretText = "alice's private weights\n";

    /// <summary>Alice's private project with a committed artifact holding a common file and a secret one; returns its version id.</summary>
    private async Task<string> AlicesPrivateArtifactAsync(string project, ArtifactFileSource common)
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", project, "run00001", "private");
        var alice = new ArtifactClient(app.Client(app.AliceKey), "alice", project);
        var logged = await alice.LogAsync("secret-model", [common, ArtifactFileSource.FromText("weights.txt", SecretText)], run: "run00001");
        return logged.Id;
    }

    /// <summary>Bob's pending version in his own project, and its manifest id.</summary>
    private async Task<(ArtifactClient Bob, string ArtifactId, string ManifestId)> BobsPendingVersionAsync(string project, IReadOnlyList<ArtifactFileSource> files)
    {
        await app.CreateProjectAsync(app.BobKey, "bob", project, "run00001", "private");
        var bob = new ArtifactClient(app.Client(app.BobKey), "bob", project);
        var created = await bob.CreateArtifactAsync("probe", "dataset", ArtifactClient.Digest(files), null, ["latest"]);
        var id = created["id"]!.GetValue<string>();
        var manifestId = (await bob.CreateManifestAsync(id, "", includeUpload: false))["id"]!.GetValue<string>();
        return (bob, id, manifestId);
    }

    [Fact]
    public async Task KnownMd5OfAnotherUsersFile_CreateArtifactFiles_RevealsNoArtifactAndAsksForTheBytes()
    {
        var common = ArtifactFileSource.FromText("hello.txt", "hello world\n");
        var alicesVersion = await AlicesPrivateArtifactAsync("dedupreveal", common);
        var (bob, bobsVersion, manifestId) = await BobsPendingVersionAsync("dedupprobe", [common]);

        var node = Assert.Single(await bob.CreateFilesAsync(bobsVersion, manifestId, [common]));

        // The answer names Bob's own version and asks for an upload, exactly as for content stored nowhere.
        Assert.Equal(bobsVersion, node["artifact"]!["id"]!.GetValue<string>());
        Assert.NotEqual(alicesVersion, node["artifact"]!["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(node["uploadUrl"]?.GetValue<string>()));
        Assert.DoesNotContain("dedupreveal", node.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageBytesForAnotherUsersMd5_AreRefused_AndTheStoredContentIsUnchanged()
    {
        var common = ArtifactFileSource.FromText("license.txt", "MIT License, alice's copy\n");
        await AlicesPrivateArtifactAsync("dedupgarbage", common);
        var (bob, bobsVersion, manifestId) = await BobsPendingVersionAsync("dedupgarbageprobe", [common]);
        var node = Assert.Single(await bob.CreateFilesAsync(bobsVersion, manifestId, [common]));

        using var put = await bob.SendPutAsync(node["uploadUrl"]!.GetValue<string>(), new StringContent("not the bytes"), ArtifactClient.UploadHeadersOf(node));

        // Embedded refuses the PUT; the blob store takes any PUT and the commit refuses it (with nothing stored for Bob).
        if (put.IsSuccessStatusCode)
        {
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
                bob.UploadManifestAndCommitAsync(bobsVersion, [common], new Dictionary<string, string> { [common.Name] = bobsVersion }));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        }

        Assert.Equal("MIT License, alice's copy\n", await AlicesFileTextAsync("dedupgarbage", "license.txt"));
    }

    [Fact]
    public async Task ManifestListingAnotherUsersMd5_WithoutTheBytes_CannotBeCommittedOrDownloaded()
    {
        var common = ArtifactFileSource.FromText("weights.txt", SecretText);
        await AlicesPrivateArtifactAsync("dedupmanifest", ArtifactFileSource.FromText("readme.txt", "readme\n"));
        var (bob, bobsVersion, _) = await BobsPendingVersionAsync("dedupmanifestprobe", [common]);

        // Bob skips the upload altogether and lists Alice's content in his manifest.
        var manifest = Encoding.UTF8.GetBytes(ArtifactClient.Manifest([common], new Dictionary<string, string> { [common.Name] = bobsVersion }));
        var upload = await bob.CreateManifestAsync(bobsVersion, Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(manifest)), includeUpload: true);
        await bob.PutAsync(upload["file"]!["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(manifest), ArtifactClient.UploadHeadersOf(upload["file"]!));

        // Before the commit, the pending version offers no URL for the content (the blob store's profile parses the
        // manifest only at commit, so lists nothing yet)...
        Assert.All(await bob.FilesAsync(bobsVersion), listed => Assert.Null(listed["directUrl"]?.GetValue<string>()));
        using (var fallback = await bob.Client.SendAsync(HttpMethod.Get, $"/artifacts/bob/{common.Md5Hex}", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, fallback.StatusCode);
        }

        // ...and the commit refuses a file Bob's project never uploaded.
        var (status, body) = await bob.Client.GraphQLAsync(
            "mutation($id: ID!) { commitArtifact(input: {artifactID: $id}) { artifact { id } } }", new { id = bobsVersion });
        Assert.True(status >= 400 || body?["errors"] is not null, body?.ToJsonString());
        Assert.DoesNotContain(SecretText.Trim(), body?.ToJsonString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRealBytesOfContentStoredByOthers_AreAccepted_AndTheVersionCommits()
    {
        var common = ArtifactFileSource.FromText("empty.txt", "");
        await AlicesPrivateArtifactAsync("dedupreal", common);
        await app.CreateProjectAsync(app.BobKey, "bob", "dedupreal", "run00001", "private");
        var bob = new ArtifactClient(app.Client(app.BobKey), "bob", "dedupreal");

        var logged = await bob.LogAsync("own-empty", [common]);

        Assert.Equal(1, logged.FileUploads);
        var file = Assert.Single(await bob.FilesAsync(logged.Id));
        Assert.Empty(await bob.GetBytesAsync(file["directUrl"]!.GetValue<string>()));

        // Within his own project the content now deduplicates: a second version uploads nothing.
        var again = await bob.LogAsync("own-empty-2", [common]);
        Assert.Equal(0, again.FileUploads);
    }

    private async Task<string> AlicesFileTextAsync(string project, string name)
    {
        var alice = new ArtifactClient(app.Client(app.AliceKey), "alice", project);
        var version = (await alice.ByNameAsync("secret-model:latest"))!;
        var file = (await alice.FilesAsync(version["id"]!.GetValue<string>())).Single(f => f!["name"]!.GetValue<string>() == name);
        return Encoding.UTF8.GetString(await alice.GetBytesAsync(file["directUrl"]!.GetValue<string>()));
    }
}

/// <summary>The deduplication attacks on the embedded profile (the server's own signed URLs).</summary>
public sealed class EmbeddedArtifactDeduplicationAttackTests(EmbeddedArtifactDeduplicationAttackTests.Server server)
    : ArtifactDeduplicationAttackTests(server), IClassFixture<EmbeddedArtifactDeduplicationAttackTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}

/// <summary>The deduplication attacks on a 2-silo cluster (uploads go straight to the blob store and are checked at commit).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterArtifactDeduplicationAttackTests(ClusterArtifactDeduplicationAttackTests.Server server)
    : ArtifactDeduplicationAttackTests(server), IClassFixture<ClusterArtifactDeduplicationAttackTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
