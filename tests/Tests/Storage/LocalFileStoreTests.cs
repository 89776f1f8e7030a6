using System.Security.Cryptography;
using System.Text;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Tests.Storage;

public sealed class LocalFileStoreTests : IDisposable
{
    private readonly StorageFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_written_object_reads_back_with_its_size_and_md5()
    {
        var store = new LocalFileStore(_dir.Options);
        var bytes = Encoding.UTF8.GetBytes("hello, files");

        var stored = await store.WriteAsync("runs/1/config.yaml", new MemoryStream(bytes), default);
        await store.WriteAsync("runs/1/config.yaml", new MemoryStream(bytes), default);

        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), stored.Md5Base64);
        await using var read = await store.OpenReadAsync("runs/1/config.yaml", default);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "files", "runs", "1")));
        Assert.Null(await store.OpenReadAsync("runs/1/missing", default));
        Assert.True(await store.IsReachableAsync(default));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_store_are_rejected(string key)
    {
        var store = new LocalFileStore(_dir.Options);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(key, new MemoryStream([1]), default));
    }
}
