using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11: a client-supplied MD5 is never trusted without checking the bytes. An uploader declares the MD5 of
/// content they do not have (<c>Content-MD5</c>, or Azure's <c>x-ms-blob-content-md5</c>, which the blob store records
/// without checking) on bytes of their own: the server refuses the bytes or records them under their true digest, so
/// nobody who later stores the real content gets the impostor's bytes back, and a run file's <c>md5</c> is its bytes'.
/// </summary>
public abstract class DeclaredMd5AttackTests(SecurityApp app)
{
    private static string Md5Of(string text) => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Uploads <paramref name="text"/> to an upload URL declaring <paramref name="declaredMd5"/> as its MD5. To the blob
    /// store (upload headers name a blob type) as a block and a block list, whose <c>x-ms-blob-content-md5</c> the
    /// store records without checking (a single PUT's declared MD5 it does check); to the server's own URL as one PUT
    /// with <c>Content-MD5</c>.
    /// </summary>
    private static async Task<HttpResponseMessage> PutDeclaringAsync(
        ArtifactClient client, string url, IReadOnlyList<string> uploadHeaders, string text, string declaredMd5)
    {
        if (!uploadHeaders.Any(h => h.StartsWith("x-ms-blob-type:", StringComparison.OrdinalIgnoreCase)))
        {
            var content = new StringContent(text);
            content.Headers.TryAddWithoutValidation("Content-MD5", declaredMd5);
            return await client.SendPutAsync(url, content, uploadHeaders);
        }

        var blockId = Convert.ToBase64String("block-0001"u8.ToArray());
        using (var block = await client.SendPutAsync($"{url}&comp=block&blockid={Uri.EscapeDataString(blockId)}", new StringContent(text)))
        {
            Assert.True(block.IsSuccessStatusCode, await block.Content.ReadAsStringAsync());
        }

        var list = new StringContent($"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{blockId}</Latest></BlockList>");
        return await client.SendPutAsync($"{url}&comp=blocklist", list, [$"x-ms-blob-content-md5:{declaredMd5}"]);
    }

    [Fact]
    public async Task Bytes_uploaded_under_the_declared_md5_of_other_content_never_become_that_content()
    {
        const string Real = "the real tokenizer vocabulary\n";
        const string Impostor = "bytes an attacker wants served instead\n";
        var real = ArtifactFileSource.FromText("vocab.txt", Real);

        await app.CreateProjectAsync(app.BobKey, "bob", "md5claim", "run00001", "private");
        var bob = new ArtifactClient(app.Client(app.BobKey), "bob", "md5claim");
        var created = await bob.CreateArtifactAsync("poison", "dataset", ArtifactClient.Digest([real]), null, ["latest"]);
        var bobsVersion = created["id"]!.GetValue<string>();
        var manifestId = (await bob.CreateManifestAsync(bobsVersion, "", includeUpload: false))["id"]!.GetValue<string>();
        var node = Assert.Single(await bob.CreateFilesAsync(bobsVersion, manifestId, [real]));

        using var put = await PutDeclaringAsync(bob, node["uploadUrl"]!.GetValue<string>(), ArtifactClient.UploadHeadersOf(node), Impostor, real.Md5Base64);

        // The server's own URL refuses the bytes at once; the blob store takes the PUT and the commit refuses it.
        if (put.IsSuccessStatusCode)
        {
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
                bob.UploadManifestAndCommitAsync(bobsVersion, [real], new Dictionary<string, string> { [real.Name] = bobsVersion }));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        }

        // Alice later logs the real content: she uploads it and reads back exactly her bytes.
        await app.CreateProjectAsync(app.AliceKey, "alice", "md5real", "run00001", "private");
        var alice = new ArtifactClient(app.Client(app.AliceKey), "alice", "md5real");
        var logged = await alice.LogAsync("vocab", [real]);
        var file = Assert.Single(await alice.FilesAsync(logged.Id));
        Assert.Equal(Real, Encoding.UTF8.GetString(await alice.GetBytesAsync(file["directUrl"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_run_file_uploaded_with_a_false_declared_md5_is_recorded_under_its_true_md5()
    {
        const string Bytes = "notes the run really wrote\n";
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "md5runfile", "run00001", "team");
        var dave = app.Client(app.DaveKey);
        var files = await dave.QueryAsync(
            "mutation($e: String!, $p: String!, $r: String!, $f: [String!]!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: $f}) { files { name uploadUrl } uploadHeaders } }",
            new { e = SecurityApp.Team, p = "md5runfile", r = "run00001", f = new[] { "notes.txt" } });
        var url = files["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>();
        var headers = files["createRunFiles"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        using (var put = await PutDeclaringAsync(new ArtifactClient(dave, SecurityApp.Team, "md5runfile"), url, headers, Bytes, Md5Of("something else entirely")))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var (reported, body) = await dave.FileStreamAsync(SecurityApp.Team, "md5runfile", "run00001", """{"uploaded": ["notes.txt"]}""");
        Assert.True(reported == 200, body);

        var recorded = (await app.Client(app.CarolKey).QueryAsync(
            "{ project(entityName: \"lab\", name: \"md5runfile\") { run(name: \"run00001\") { files(names: [\"notes.txt\"]) { edges { node { md5 sizeBytes } } } } } }"))
            ["project"]!["run"]!["files"]!["edges"]![0]!["node"]!;
        Assert.Equal(Md5Of(Bytes), recorded["md5"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetByteCount(Bytes), recorded["sizeBytes"]!.GetValue<long>());
    }
}

/// <summary>The declared-MD5 attacks on the embedded profile (the server's own signed URLs hash what they receive).</summary>
public sealed class EmbeddedDeclaredMd5AttackTests(EmbeddedDeclaredMd5AttackTests.Server server)
    : DeclaredMd5AttackTests(server), IClassFixture<EmbeddedDeclaredMd5AttackTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}

/// <summary>The declared-MD5 attacks against Azurite, where clients PUT straight to the blob store.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterDeclaredMd5AttackTests(ClusterDeclaredMd5AttackTests.Server server)
    : DeclaredMd5AttackTests(server), IClassFixture<ClusterDeclaredMd5AttackTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
