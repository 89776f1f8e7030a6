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
        Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "files", LocalFileLayout.CurrentFolder(["runs", "1"]))));
        Assert.Null(await store.OpenReadAsync("runs/1/missing", default));
        Assert.True(await store.IsReachableAsync(default));
    }

    [Fact]
    public async Task The_version_of_an_object_changes_when_it_is_replaced_and_is_null_when_it_is_missing()
    {
        var store = new LocalFileStore(_dir.Options);
        await store.WriteAsync("runs/1/t.table.json", new MemoryStream("{\"data\": []}"u8.ToArray()), default);
        var first = await store.GetVersionAsync("runs/1/t.table.json", default);
        var unchanged = await store.GetVersionAsync("runs/1/t.table.json", default);

        await store.WriteAsync("runs/1/t.table.json", new MemoryStream("{\"data\": [[1]]}"u8.ToArray()), default);
        var replaced = await store.GetVersionAsync("runs/1/t.table.json", default);

        Assert.NotNull(first);
        Assert.Equal(first, unchanged);
        Assert.NotEqual(first, replaced);
        Assert.Null(await store.GetVersionAsync("runs/1/missing", default));
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

    [Theory]
    [InlineData("runs/e/p/r/a", "runs/e/p/r/a/b")]
    [InlineData("runs/e/p/r/a/b", "runs/e/p/r/a")]
    [InlineData("runs/e/p/r/x~", "runs/e/p/r/x/y")]
    [InlineData("runs/e/p/r/x~/y", "runs/e/p/r/x")]
    public async Task A_file_and_a_folder_of_the_same_name_are_both_stored_in_either_order(string first, string second)
    {
        var store = new LocalFileStore(_dir.Options);

        await store.WriteAsync(first, new MemoryStream([1]), default);
        await store.WriteAsync(second, new MemoryStream([2, 2]), default);

        Assert.Equal([1], await ReadAsync(store, first));
        Assert.Equal([2, 2], await ReadAsync(store, second));
        Assert.True(await store.DeleteAsync(first, default));
        Assert.Equal([2, 2], await ReadAsync(store, second));
    }

    [Fact]
    public async Task Files_of_the_earlier_layout_stay_readable_and_a_write_replaces_them()
    {
        var legacy = Path.Combine(_dir.Path, "files", "runs", "e", "p", "r", "media", "old.png");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        await File.WriteAllBytesAsync(legacy, [7, 7, 7]);
        var store = new LocalFileStore(_dir.Options);

        Assert.Equal([7, 7, 7], await ReadAsync(store, "runs/e/p/r/media/old.png"));
        await store.WriteAsync("runs/e/p/r/media", new MemoryStream([3]), default);
        await store.WriteAsync("runs/e/p/r/media/old.png", new MemoryStream([8]), default);

        Assert.Equal([8], await ReadAsync(store, "runs/e/p/r/media/old.png"));
        Assert.Equal([3], await ReadAsync(store, "runs/e/p/r/media"));
        Assert.False(File.Exists(legacy));
        Assert.Equal("runs/e/p/r/media/old.png", LocalFileLayout.KeyOf(Path.GetRelativePath(Path.Combine(_dir.Path, "files"), store.PathOf("runs/e/p/r/media/old.png"))));
        Assert.Equal("runs/e/p/r/x~", LocalFileLayout.KeyOf(Path.GetRelativePath(Path.Combine(_dir.Path, "files"), store.PathOf("runs/e/p/r/x~"))));

        await store.DeletePrefixAsync("runs/e/p/r/", default);
        Assert.Null(await store.OpenReadAsync("runs/e/p/r/media", default));
    }

    private static async Task<byte[]> ReadAsync(LocalFileStore store, string key)
    {
        await using var read = await store.OpenReadAsync(key, default);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        return copy.ToArray();
    }
}
