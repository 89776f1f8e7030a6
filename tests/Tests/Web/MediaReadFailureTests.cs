using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Tests.GraphQL;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Media;
using Orleans.Wandb.Web.Media.Tables;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// A media read that fails after its input was checked answers 503 only when storage is unavailable (the clients and
/// the app retry) and 500 for anything else: an argument or format error thrown by the server's own code is not the
/// caller's to fix, so it is neither a 4xx nor a 503 that would be retried forever.
/// </summary>
public sealed class MediaReadFailureTests : IDisposable
{
    private const string Key = "local-0123456789abcdef0123456789abcdef01234567";

    private readonly TempDataDir _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Routes() =>
    [
        "/api/v1/media/e/p/r1/thumbnail?path=media/images/a.png&size=64",
        "/api/v1/media/e/p/r1/table?path=media/table/t.table.json",
        "/api/v1/media/e/p/r1/html?path=media/html/page.html",
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_storage_outage_answers_503(string route)
    {
        await using var app = await StartAsync(new StorageUnavailableException("blob service down"));

        Assert.Equal(503, await GetStatusAsync(app, route));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_argument_error_inside_the_server_answers_500_not_a_4xx_or_503(string route)
    {
        await using var app = await StartAsync(new ArgumentException("a bug in the server's own code"));

        Assert.Equal(500, await GetStatusAsync(app, route));
    }

    private async Task<WebApplication> StartAsync(Exception failure)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var cluster = new FakeCluster((grain, method, args) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "AuthenticateAsync") => (string)args[0]! == Key ? FakeCluster.Viewer : null,
            (nameof(IDirectoryGrain), "CanReadProjectAsync") => true,
            _ => throw new InvalidOperationException($"unexpected grain call {grain.Name}.{method}"),
        });
        builder.Services.AddSingleton(cluster.Grains);
        builder.Services.AddSingleton<IFileStore>(new FailingStore(failure));
        builder.Services.AddSingleton<ImageThumbnails>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<TableIndexOptions>().Configure(o => o.Folder = _folder.Path);
        builder.Services.AddSingleton<TableIndexes>();
        var app = builder.Build();
        app.MapMedia();
        await app.StartAsync();
        return app;
    }

    private static async Task<int> GetStatusAsync(WebApplication app, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + Key)));
        using var response = await app.GetTestClient().SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>A store whose every read fails with <paramref name="failure"/>.</summary>
    private sealed class FailingStore(Exception failure) : IFileStore
    {
        public Task<StoredObject> WriteAsync(string objectKey, Stream content, CancellationToken cancellationToken) => throw failure;

        public Task<Stream?> OpenReadAsync(string objectKey, CancellationToken cancellationToken) => throw failure;

        public Task<string?> GetVersionAsync(string objectKey, CancellationToken cancellationToken) => throw failure;

        public Task<bool> DeleteAsync(string objectKey, CancellationToken cancellationToken) => throw failure;

        public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken) => throw failure;

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
