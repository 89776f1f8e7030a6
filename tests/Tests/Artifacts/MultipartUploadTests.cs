using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// Multipart artifact uploads as the newest Python client sends them (docs/protocol/artifacts.md#createartifactfiles): part MD5s in
/// <c>uploadPartsInput</c>, one PUT per part with <c>Content-MD5</c>, the answered ETags echoed into
/// <c>completeMultipartUploadArtifact</c>. Parts here are 1 MiB: the server takes any part size the client picks.
/// </summary>
public sealed class MultipartUploadTests(EmbeddedArtifactAppFixture fixture) : IClassFixture<EmbeddedArtifactAppFixture>
{
    private const int PartSize = 1 << 20;

    /// <summary>Three whole parts and a remainder.</summary>
    private const int FileSize = (3 * PartSize) + 12_345;

    [Fact]
    public async Task A_file_uploaded_in_parts_is_joined_committed_and_downloaded_byte_for_byte()
    {
        var (client, artifactId, file, bytes, node) = await StartAsync("multipart-e2e");
        Assert.NotNull(node["uploadUrl"]?.GetValue<string>());
        var urls = PartUrls(node);
        Assert.Equal([1L, 2L, 3L, 4L], urls.Keys);

        var etags = new List<object>();
        foreach (var (number, url) in urls)
        {
            using var response = await PutPartAsync(client, url, Part(bytes, number));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var etag = response.Headers.ETag!.ToString();
            Assert.Equal($"\"{Md5Hex(Part(bytes, number))}\"", etag);
            etags.Add(new { partNumber = number, hexMD5 = etag });
        }

        var (_, body) = await client.CompleteMultipartAsync(artifactId, StoragePath(node), UploadId(node), etags);
        Assert.Null(body!["errors"]);
        Assert.Equal(file.Md5Base64, body["data"]!["completeMultipartUploadArtifact"]!["digest"]!.GetValue<string>());
        Assert.True(await fixture.IsStoredAsync(file));
        Assert.Empty(StoredParts(UploadId(node)));

        await client.UploadManifestAndCommitAsync(artifactId, [file], Births(file, node));
        var stored = (await client.FilesAsync(artifactId)).Single();
        Assert.Equal(bytes, await client.GetBytesAsync(stored["directUrl"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_part_whose_bytes_or_Content_MD5_do_not_match_its_MD5_is_refused_and_nothing_is_stored()
    {
        var (client, _, _, bytes, node) = await StartAsync("multipart-bad-part");
        var url = PartUrls(node)[2];

        using (var wrongBytes = await PutPartAsync(client, url, Part(bytes, 3), contentMd5Of: Part(bytes, 2)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongBytes.StatusCode);
        }

        using (var wrongHeader = await PutPartAsync(client, url, Part(bytes, 2), contentMd5Of: Part(bytes, 3)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongHeader.StatusCode);
        }

        Assert.Empty(StoredParts(UploadId(node)));
    }

    [Fact]
    public async Task Completing_before_every_part_is_uploaded_fails_and_names_the_missing_part()
    {
        var (client, artifactId, file, bytes, node) = await StartAsync("multipart-missing-part");
        var urls = PartUrls(node);
        foreach (var number in new[] { 1L, 3L, 4L })
        {
            using var response = await PutPartAsync(client, urls[number], Part(bytes, number));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (_, body) = await client.CompleteMultipartAsync(artifactId, StoragePath(node), UploadId(node), CompletedParts(bytes));
        Assert.Contains("Part 2 of upload", ErrorOf(body));
        Assert.Contains("has not been uploaded", ErrorOf(body));
        Assert.False(await fixture.IsStoredAsync(file));
    }

    [Fact]
    public async Task Completing_with_a_part_left_out_of_the_list_fails_and_names_the_missing_part()
    {
        var (client, artifactId, file, bytes, node) = await StartAsync("multipart-unlisted-part");
        foreach (var (number, url) in PartUrls(node))
        {
            using var response = await PutPartAsync(client, url, Part(bytes, number));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var withoutPart2 = CompletedParts(bytes).Where((_, index) => index != 1);
        var (_, body) = await client.CompleteMultipartAsync(artifactId, StoragePath(node), UploadId(node), withoutPart2);
        Assert.Contains("Part 2 is missing", ErrorOf(body));
        Assert.False(await fixture.IsStoredAsync(file));
    }

    [Fact]
    public async Task A_retried_part_replaces_the_first_and_a_retried_complete_answers_the_same_digest()
    {
        var (client, artifactId, file, bytes, node) = await StartAsync("multipart-retries");
        var urls = PartUrls(node);
        using (var firstTry = await PutPartAsync(client, urls[1], Part(bytes, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, firstTry.StatusCode);
        }

        foreach (var (number, url) in urls)
        {
            using var response = await PutPartAsync(client, url, Part(bytes, number));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (_, first) = await client.CompleteMultipartAsync(artifactId, StoragePath(node), UploadId(node), CompletedParts(bytes));
        var (_, retry) = await client.CompleteMultipartAsync(artifactId, StoragePath(node), UploadId(node), CompletedParts(bytes));
        Assert.Null(first!["errors"]);
        Assert.Null(retry!["errors"]);
        Assert.Equal(file.Md5Base64, first["data"]!["completeMultipartUploadArtifact"]!["digest"]!.GetValue<string>());
        Assert.Equal(file.Md5Base64, retry["data"]!["completeMultipartUploadArtifact"]!["digest"]!.GetValue<string>());

        await client.UploadManifestAndCommitAsync(artifactId, [file], Births(file, node));
        var stored = (await client.FilesAsync(artifactId)).Single();
        Assert.Equal(bytes, await client.GetBytesAsync(stored["directUrl"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Content_already_stored_gets_neither_an_upload_url_nor_part_urls()
    {
        var client = fixture.OwnerClient("multipart-dedup");
        var bytes = RandomNumberGenerator.GetBytes(FileSize);
        var file = ArtifactFileSource.FromBytes("weights.bin", bytes);
        await client.LogAsync("first", [file]);

        var (_, _, _, _, node) = await StartAsync("multipart-dedup", bytes);
        Assert.Null(node["uploadUrl"]);
        Assert.Null(node["uploadMultipartUrls"]);
    }

    [Fact]
    public async Task A_file_sent_without_uploadPartsInput_keeps_a_single_upload_url()
    {
        var client = fixture.OwnerClient("multipart-single");
        var file = ArtifactFileSource.FromBytes("weights.bin", RandomNumberGenerator.GetBytes(1000));
        var created = await client.CreateArtifactAsync("single", "dataset", ArtifactClient.Digest([file]), null, ["latest"]);
        var manifestId = (await client.CreateManifestAsync(created["id"]!.GetValue<string>(), "", includeUpload: false))["id"]!.GetValue<string>();
        var node = (await client.CreateFilesAsync(created["id"]!.GetValue<string>(), manifestId, [file], _ => Array.Empty<object>())).Single();
        Assert.NotNull(node["uploadUrl"]?.GetValue<string>());
        Assert.Null(node["uploadMultipartUrls"]);
    }

    /// <summary>A pending version whose one file was announced with its part MD5s, as the client does for large files.</summary>
    private async Task<(ArtifactClient Client, string ArtifactId, ArtifactFileSource File, byte[] Bytes, JsonNode Node)> StartAsync(
        string project, byte[]? content = null)
    {
        var client = fixture.OwnerClient(project);
        var bytes = content ?? RandomNumberGenerator.GetBytes(FileSize);
        var file = ArtifactFileSource.FromBytes("weights.bin", bytes);
        var created = await client.CreateArtifactAsync("model-" + Guid.NewGuid().ToString("N")[..8], "model", ArtifactClient.Digest([file]), null, ["latest"]);
        var artifactId = created["id"]!.GetValue<string>();
        var manifestId = (await client.CreateManifestAsync(artifactId, "", includeUpload: false))["id"]!.GetValue<string>();
        var node = (await client.CreateFilesAsync(artifactId, manifestId, [file], _ => CompletedParts(bytes).ToArray())).Single();
        return (client, artifactId, file, bytes, node);
    }

    private static async Task<HttpResponseMessage> PutPartAsync(ArtifactClient client, string url, byte[] part, byte[]? contentMd5Of = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ArtifactClient.PathOf(url)) { Content = new ByteArrayContent(part) };
        request.Content.Headers.ContentMD5 = MD5.HashData(contentMd5Of ?? part);
        return await client.Client.Http.SendAsync(request);
    }

    /// <summary>The client's <c>uploadPartsInput</c>, which is also what it completes with (the ETags are the part MD5s).</summary>
    private static IEnumerable<object> CompletedParts(byte[] bytes) =>
        Enumerable.Range(1, PartCount(bytes)).Select(number => (object)new { partNumber = (long)number, hexMD5 = Md5Hex(Part(bytes, number)) });

    private static int PartCount(byte[] bytes) => (bytes.Length + PartSize - 1) / PartSize;

    private static byte[] Part(byte[] bytes, long number) =>
        bytes.AsSpan((int)((number - 1) * PartSize), (int)Math.Min(PartSize, bytes.Length - ((number - 1) * PartSize))).ToArray();

    private static string Md5Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static SortedDictionary<long, string> PartUrls(JsonNode node) =>
        new(node["uploadMultipartUrls"]!["uploadUrlParts"]!.AsArray()
            .ToDictionary(part => part!["partNumber"]!.GetValue<long>(), part => part!["uploadUrl"]!.GetValue<string>()));

    private static string UploadId(JsonNode node) => node["uploadMultipartUrls"]!["uploadID"]!.GetValue<string>();

    private static string StoragePath(JsonNode node) => node["storagePath"]!.GetValue<string>();

    private static Dictionary<string, string> Births(ArtifactFileSource file, JsonNode node) =>
        new() { [file.Name] = node["artifact"]!["id"]!.GetValue<string>() };

    private static string ErrorOf(JsonNode? body) => body!["errors"]![0]!["message"]!.GetValue<string>();

    /// <summary>The part objects an upload holds in the file store.</summary>
    private string[] StoredParts(string uploadId)
    {
        var folder = Path.Combine(fixture.App.DataDir, "files", "artifacts", "parts", uploadId);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }
}
