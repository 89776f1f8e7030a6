using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Files;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// Run files: a signed PUT stores the bytes and registers the file; signed GETs and keyed GETs return them (a keyed GET
/// may redirect to the blob store, which the clients follow). Each profile runs the same specification
/// (<see cref="EmbeddedStorageEndpointTests"/>, <see cref="Cluster.ClusterStorageEndpointTests"/>).
/// </summary>
public abstract class StorageEndpointTests(StorageEndpointTests.App app)
{
    public abstract class App : ProfileServer;

    private UrlSigner Signer => app.Factory.Services.GetRequiredService<UrlSigner>();

    private async Task<string> EntityAsync() =>
        (await app.Factory.Grains.Directory().AuthenticateAsync(app.Factory.AdminApiKey))!.Entity;

    private HttpClient ServerClient() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A URL granted to the admin (who owns the entity these tests write to) for the key's project.</summary>
    private async Task<string> SignedPathAsync(StorageOperation operation, string objectKey)
    {
        var admin = (await app.Factory.Grains.GetGrain<IDirectoryGrain>(0).AuthenticateAsync(app.Factory.AdminApiKey))!;
        Assert.True(RunFileObjects.TryParse(objectKey, out var file));
        return $"/storage/{objectKey}?{Signer.Sign(operation, objectKey, new UrlGrant(admin.Id, file.Entity, file.Project))}";
    }

    [Fact]
    public async Task A_signed_put_stores_the_bytes_and_registers_the_run_file_with_size_and_md5()
    {
        var entity = await EntityAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"os\": \"Linux\"}\n");
        var key = RunFileObjects.Key(entity, "files", "put00001", "wandb-metadata.json");
        var http = app.Factory.CreateClient();

        using (var put = await http.PutAsync(await SignedPathAsync(StorageOperation.Put, key), new ByteArrayContent(bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var files = await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "files", "put00001")).GetFilesAsync();
        var file = Assert.Single(files);
        Assert.Equal("wandb-metadata.json", file.Name);
        Assert.Equal(bytes.Length, file.SizeBytes);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), file.Md5Base64);

        Assert.Equal(bytes, await http.GetByteArrayAsync(await SignedPathAsync(StorageOperation.Get, key)));
        using var keyed = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), $"/files/{entity}/files/put00001/wandb-metadata.json", app.Factory.AdminApiKey);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal(bytes, await keyed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_second_put_of_the_same_name_overwrites_it()
    {
        var entity = await EntityAsync();
        var key = RunFileObjects.Key(entity, "files", "put00002", "media/images/a.png");
        var http = app.Factory.CreateClient();
        (await http.PutAsync(await SignedPathAsync(StorageOperation.Put, key), new ByteArrayContent([1, 2, 3]))).EnsureSuccessStatusCode();
        (await http.PutAsync(await SignedPathAsync(StorageOperation.Put, key), new ByteArrayContent([4, 5]))).EnsureSuccessStatusCode();

        Assert.Equal([4, 5], await http.GetByteArrayAsync(await SignedPathAsync(StorageOperation.Get, key)));
        var file = Assert.Single(await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "files", "put00002")).GetFilesAsync());
        Assert.Equal(2, file.SizeBytes);
    }

    [Fact]
    public async Task A_tampered_signature_is_403_and_stores_nothing()
    {
        var entity = await EntityAsync();
        var key = RunFileObjects.Key(entity, "files", "put00003", "notes.txt");
        var path = (await SignedPathAsync(StorageOperation.Put, key)).Replace("sig=", "sig=0", StringComparison.Ordinal);
        using var put = await app.Factory.CreateClient().PutAsync(path, new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Empty(await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From(entity, "files", "put00003")).GetFilesAsync());
    }

    [Fact]
    public async Task A_download_url_cannot_be_used_to_upload()
    {
        var entity = await EntityAsync();
        var key = RunFileObjects.Key(entity, "files", "put00004", "notes.txt");
        var path = await SignedPathAsync(StorageOperation.Get, key);
        using var put = await app.Factory.CreateClient().PutAsync(path, new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task A_keyed_download_without_credentials_is_401_and_a_missing_file_is_404()
    {
        var entity = await EntityAsync();
        using var anonymous = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), $"/files/{entity}/files/put00005/notes.txt", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var missing = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), $"/files/{entity}/files/put00005/notes.txt", app.Factory.AdminApiKey);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
