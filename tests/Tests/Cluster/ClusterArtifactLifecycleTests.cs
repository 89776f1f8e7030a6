using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Specialized;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The artifact lifecycle specification on a 2-silo cluster, plus what is particular to it: artifact bytes go
/// straight between the clients and Azurite through signed URLs, never through a silo, and are checked at commit.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterArtifactLifecycleTests(ClusterArtifactAppFixture fixture)
    : ArtifactLifecycleTests(fixture), IClassFixture<ClusterArtifactAppFixture>
{
    private static readonly string[] BlockBlobHeaders = ["x-ms-blob-type:BlockBlob"];

    [Fact]
    public async Task Uploads_go_straight_to_the_blob_store_and_are_registered_only_at_commit()
    {
        var client = fixture.OwnerClient("direct");
        var file = ArtifactFileSource.FromText("direct.txt", "straight to the blob store " + Guid.NewGuid());
        var (id, node) = await CreatePendingAsync(client, file);
        var blobStore = await BlobStoreAuthorityAsync();
        Assert.Equal(blobStore, new Uri(node["uploadUrl"]!.GetValue<string>()).Authority);
        Assert.Equal(BlockBlobHeaders, ArtifactClient.UploadHeadersOf(node));

        await client.PutAsync(node["uploadUrl"]!.GetValue<string>(), file.Content(), ArtifactClient.UploadHeadersOf(node));

        // No silo saw the bytes: they wait under the version's upload key, unregistered, until the commit checks them.
        var uploadKey = ArtifactObjects.ContentUploadKey(ArtifactNumber(id), file.Md5Hex);
        Assert.True(await fixture.Container.GetBlobClient(uploadKey).ExistsAsync());
        Assert.False(await fixture.IsStoredAsync(file));

        var manifest = await UploadManifestAsync(client, id, file, node);
        Assert.Equal(blobStore, new Uri(manifest["file"]!["uploadUrl"]!.GetValue<string>()).Authority);
        await client.CommitAsync(id);

        Assert.True(await fixture.IsStoredAsync(file));
        Assert.False(await fixture.Container.GetBlobClient(uploadKey).ExistsAsync());
        var stored = (await client.FilesAsync(id)).Single();
        Assert.Equal(blobStore, new Uri(stored["directUrl"]!.GetValue<string>()).Authority);
        Assert.Equal(await file.Content().ReadAsByteArrayAsync(), await client.GetBytesAsync(stored["directUrl"]!.GetValue<string>()));
        var version = (await client.ByIdAsync(id))!;
        Assert.Equal(blobStore, new Uri(version["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>()).Authority);
    }

    [Fact]
    public async Task A_large_file_gets_no_part_urls_and_its_block_upload_is_checked_at_commit()
    {
        var client = fixture.OwnerClient("blocks");
        var bytes = RandomNumberGenerator.GetBytes((3 << 20) + 12_345);
        var file = ArtifactFileSource.FromBytes("weights.bin", bytes);
        var parts = new[] { new { partNumber = 1, hexMD5 = file.Md5Hex } };
        var (id, node) = await CreatePendingAsync(client, file, _ => parts);
        Assert.Null(node["uploadMultipartUrls"]);

        // What the clients' Azure path (the SDK, for the x-ms-blob-type header) does with a large file: blocks, then the list.
        var blob = new BlockBlobClient(new Uri(node["uploadUrl"]!.GetValue<string>()));
        var blockIds = new List<string>();
        for (var offset = 0; offset < bytes.Length; offset += 1 << 20)
        {
            var blockId = Convert.ToBase64String(BitConverter.GetBytes(offset));
            await blob.StageBlockAsync(blockId, new MemoryStream(bytes, offset, Math.Min(1 << 20, bytes.Length - offset)));
            blockIds.Add(blockId);
        }

        await blob.CommitBlockListAsync(blockIds);
        var (status, _) = await client.CompleteMultipartAsync(id, node["storagePath"]!.GetValue<string>(), file.Md5Hex, []);
        Assert.Equal(400, status);

        await UploadManifestAsync(client, id, file, node);
        await client.CommitAsync(id);

        var stored = (await client.FilesAsync(id)).Single();
        Assert.Equal(bytes, await client.GetBytesAsync(stored["directUrl"]!.GetValue<string>()));
        var properties = await fixture.Container.GetBlobClient(ArtifactObjects.BlobKey(file.Md5Hex)).GetPropertiesAsync();
        Assert.Equal(file.Md5Base64, Convert.ToBase64String(properties.Value.ContentHash));
    }

    [Fact]
    public async Task Content_uploaded_by_two_pending_versions_at_once_is_stored_once()
    {
        var shared = ArtifactFileSource.FromText("shared.bin", "uploaded twice " + Guid.NewGuid());
        var first = fixture.OwnerClient("twice-a");
        var second = fixture.OwnerClient("twice-b");
        var (firstId, firstNode) = await CreatePendingAsync(first, shared);
        var (secondId, secondNode) = await CreatePendingAsync(second, shared);
        Assert.NotNull(secondNode["uploadUrl"]);
        var before = await fixture.StoredContentCountAsync();

        await first.PutAsync(firstNode["uploadUrl"]!.GetValue<string>(), shared.Content(), ArtifactClient.UploadHeadersOf(firstNode));
        await second.PutAsync(secondNode["uploadUrl"]!.GetValue<string>(), shared.Content(), ArtifactClient.UploadHeadersOf(secondNode));
        await UploadManifestAsync(first, firstId, shared, firstNode);
        await UploadManifestAsync(second, secondId, shared, secondNode);
        await Task.WhenAll(first.CommitAsync(firstId), second.CommitAsync(secondId));

        Assert.Equal(before + 1, await fixture.StoredContentCountAsync());
        foreach (var (client, id) in new[] { (first, firstId), (second, secondId) })
        {
            var stored = (await client.FilesAsync(id)).Single();
            Assert.Equal(await shared.Content().ReadAsByteArrayAsync(), await client.GetBytesAsync(stored["directUrl"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_files_keyed_url_redirects_to_a_signed_blob_url_without_the_credentials()
    {
        var client = fixture.OwnerClient("keyed-url");
        var file = ArtifactFileSource.FromText("keyed.txt", "keyed " + Guid.NewGuid());
        var logged = await client.LogAsync("dataset", [file]);
        var url = new Uri((await client.FilesAsync(logged.Id)).Single()["url"]!.GetValue<string>());
        Assert.Equal($"/artifacts/{ArtifactAppFixture.Owner}/{file.Md5Hex}", url.AbsolutePath);

        using var request = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        request.Headers.Authorization = ArtifactClient.Basic(fixture.OwnerKey);
        using var redirect = await fixture.ServerClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(await BlobStoreAuthorityAsync(), redirect.Headers.Location!.Authority);

        using var response = await ClientDownloads.GetFollowingRedirectAsync(fixture.ServerClient(), url.PathAndQuery, fixture.OwnerKey);
        Assert.Equal(await file.Content().ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<string> BlobStoreAuthorityAsync() => $"127.0.0.1:{(await ClusterDependencies.Shared).BlobPort}";

    private static long ArtifactNumber(string relayId) =>
        RelayIds.TryDecodeNumber(relayId, ArtifactIds.ArtifactType, out var id) ? id : throw new ArgumentException($"'{relayId}' is no artifact id.");

    /// <summary>A pending version of one file with its manifest started, and the file's <c>createArtifactFiles</c> node.</summary>
    private static async Task<(string Id, JsonNode Node)> CreatePendingAsync(
        ArtifactClient client, ArtifactFileSource file, Func<ArtifactFileSource, object?>? uploadParts = null)
    {
        var created = await client.CreateArtifactAsync("dataset", "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
        var id = created["id"]!.GetValue<string>();
        var manifestId = (await client.CreateManifestAsync(id, "", includeUpload: false))["id"]!.GetValue<string>();
        return (id, (await client.CreateFilesAsync(id, manifestId, [file], uploadParts))[0]);
    }

    /// <summary>Uploads the version's manifest as the clients write it; returns the manifest node that gave the URL.</summary>
    private static async Task<JsonNode> UploadManifestAsync(
        ArtifactClient client, string id, ArtifactFileSource file, JsonNode node)
    {
        var manifest = Encoding.UTF8.GetBytes(ArtifactClient.Manifest([file], new Dictionary<string, string> { [file.Name] = node["artifact"]!["id"]!.GetValue<string>() }));
        var upload = await client.CreateManifestAsync(id, Convert.ToBase64String(MD5.HashData(manifest)), includeUpload: true);
        Assert.Equal(BlockBlobHeaders, ArtifactClient.UploadHeadersOf(upload["file"]!));
        await client.PutAsync(upload["file"]!["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(manifest), ArtifactClient.UploadHeadersOf(upload["file"]!));
        return upload;
    }
}
