using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Run files in the blob container (Azurite): SAS URLs used the way the W&amp;B clients use them.</summary>
[Trait("Needs", "Cluster")]
public sealed class BlobFileStoreTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private BlobFileStore _store = null!;
    private BlobContainerFactory _containers = null!;

    public async Task InitializeAsync()
    {
        var settings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        var options = Options.Create(new ClusterStorageOptions
        {
            MySql = settings["MYSQL"],
            Bucket = settings["BUCKET"],
            Container = settings["BUCKET_CONTAINER"],
        });
        _containers = new BlobContainerFactory(options);
        await _containers.Container.CreateIfNotExistsAsync();
        _store = new BlobFileStore(_containers, options, TimeProvider.System);
    }

    public Task DisposeAsync() => _containers.Container.DeleteIfExistsAsync();

    [Fact]
    public async Task A_plain_put_with_the_upload_headers_stores_the_file_and_the_listing_reports_size_and_md5()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"os\": \"Linux\"}");
        using var put = new HttpRequestMessage(HttpMethod.Put, _store.UploadUrl("runs/e/p/r/wandb-metadata.json"))
        {
            Content = new ByteArrayContent(bytes),
        };

        // Exactly what the Python client does with uploadHeaders: split on the first ':' and send no Content-Type.
        foreach (var header in _store.UploadHeaders)
        {
            put.Headers.Add(header[..header.IndexOf(':')], header[(header.IndexOf(':') + 1)..]);
        }

        using var response = await Http.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        var listed = await _store.ListAsync("runs/e/p/r/", CancellationToken.None).ToListAsync();
        var file = Assert.Single(listed);
        Assert.Equal(("runs/e/p/r/wandb-metadata.json", (long)bytes.Length, Convert.ToBase64String(MD5.HashData(bytes))),
            (file.ObjectKey, file.SizeBytes, file.Md5Base64));
        Assert.Equal(bytes, await Http.GetByteArrayAsync(_store.DownloadUrl("runs/e/p/r/wandb-metadata.json", new ServedAs("application/octet-stream", "wandb-metadata.json"))));
    }

    [Fact]
    public async Task The_version_of_a_blob_changes_when_it_is_replaced_and_is_null_when_it_is_missing()
    {
        await _store.WriteAsync("runs/e/p/r/t.table.json", new MemoryStream("{\"data\": []}"u8.ToArray()), CancellationToken.None);
        var first = await _store.GetVersionAsync("runs/e/p/r/t.table.json", CancellationToken.None);
        var unchanged = await _store.GetVersionAsync("runs/e/p/r/t.table.json", CancellationToken.None);

        await _store.WriteAsync("runs/e/p/r/t.table.json", new MemoryStream("{\"data\": []}"u8.ToArray()), CancellationToken.None);
        var replaced = await _store.GetVersionAsync("runs/e/p/r/t.table.json", CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, unchanged);
        Assert.NotEqual(first, replaced);
        Assert.Null(await _store.GetVersionAsync("runs/e/p/r/missing", CancellationToken.None));
    }

    [Fact]
    public async Task A_download_url_cannot_upload_and_a_tampered_url_is_refused()
    {
        var download = _store.DownloadUrl("runs/e/p/r/a.txt", new ServedAs("application/octet-stream", "a.txt"));
        using var put = new HttpRequestMessage(HttpMethod.Put, download) { Content = new StringContent("x") };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SendAsync(put)).StatusCode);

        var tampered = _store.UploadUrl("runs/e/p/r/a.txt").Replace("/a.txt?", "/b.txt?", StringComparison.Ordinal);
        using var other = new HttpRequestMessage(HttpMethod.Put, tampered) { Content = new StringContent("x") };
        other.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Objects_the_server_writes_read_back_with_their_md5_and_missing_ones_are_null()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var stored = await _store.WriteAsync("runs/e/p/r/media/img.png", new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal((bytes.Length, Convert.ToBase64String(MD5.HashData(bytes))), (stored.SizeBytes, stored.Md5Base64));
        await using (var read = await _store.OpenReadAsync("runs/e/p/r/media/img.png", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.Null(await _store.OpenReadAsync("runs/e/p/r/none", CancellationToken.None));
        Assert.True(await _store.IsReachableAsync(CancellationToken.None));
        Assert.Throws<ArgumentException>(() => _store.UploadUrl("runs/../x"));
    }

    [Fact]
    public async Task An_upload_with_the_expected_md5_moves_to_its_key_and_one_without_is_removed()
    {
        var bytes = Encoding.UTF8.GetBytes("artifact content");
        var md5 = Convert.ToBase64String(MD5.HashData(bytes));
        await _store.WriteAsync("artifacts/uploads/1/md5/good", new MemoryStream(bytes), CancellationToken.None);
        await _store.WriteAsync("artifacts/uploads/1/md5/bad", new MemoryStream(bytes), CancellationToken.None);

        var accepted = await _store.AcceptUploadAsync("artifacts/uploads/1/md5/good", "artifacts/md5/good", md5, replace: false, CancellationToken.None);
        var refused = await _store.AcceptUploadAsync("artifacts/uploads/1/md5/bad", "artifacts/md5/bad", Convert.ToBase64String(new byte[16]), replace: false, CancellationToken.None);

        Assert.Equal(new CheckedUpload(bytes.Length, md5, Accepted: true), accepted);
        Assert.Equal(new CheckedUpload(bytes.Length, md5, Accepted: false), refused);
        Assert.Null(await _store.OpenReadAsync("artifacts/uploads/1/md5/good", CancellationToken.None));
        Assert.Null(await _store.OpenReadAsync("artifacts/uploads/1/md5/bad", CancellationToken.None));
        Assert.Null(await _store.OpenReadAsync("artifacts/md5/bad", CancellationToken.None));
        Assert.Null(await _store.AcceptUploadAsync("artifacts/uploads/1/md5/none", "artifacts/md5/none", md5, replace: false, CancellationToken.None));
        await using var moved = await _store.OpenReadAsync("artifacts/md5/good", CancellationToken.None);
        Assert.Equal(md5, Convert.ToBase64String(await MD5.HashDataAsync(moved!)));
    }

    [Fact]
    public async Task An_object_already_at_the_key_is_kept_unless_the_upload_replaces_it()
    {
        await _store.WriteAsync("artifacts/md5/kept", new MemoryStream([1, 2, 3]), CancellationToken.None);
        await _store.WriteAsync("artifacts/uploads/2/md5/kept", new MemoryStream([4, 5]), CancellationToken.None);
        await _store.WriteAsync("artifacts/manifests/7", new MemoryStream([1]), CancellationToken.None);
        await _store.WriteAsync("artifacts/uploads/2/manifests/7", new MemoryStream([9, 9]), CancellationToken.None);

        var kept = await _store.AcceptUploadAsync("artifacts/uploads/2/md5/kept", "artifacts/md5/kept", null, replace: false, CancellationToken.None);
        var replaced = await _store.AcceptUploadAsync("artifacts/uploads/2/manifests/7", "artifacts/manifests/7", null, replace: true, CancellationToken.None);

        Assert.True(kept!.Accepted && replaced!.Accepted);
        Assert.Equal([1, 2, 3], await ReadAsync("artifacts/md5/kept"));
        Assert.Equal([9, 9], await ReadAsync("artifacts/manifests/7"));
    }

    private async Task<byte[]> ReadAsync(string objectKey)
    {
        await using var stream = await _store.OpenReadAsync(objectKey, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }
}
