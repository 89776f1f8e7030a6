using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Tests.GraphQL;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// The production <c>/graphql</c> endpoint on an in-memory server, signed in as one user, with grains answered by a
/// <see cref="FakeCluster"/>: attacks on the document itself never reach a grain.
/// </summary>
internal sealed class GraphQLTestServer : IAsyncDisposable
{
    private const string Key = "local-0123456789abcdef0123456789abcdef01234567";
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private GraphQLTestServer(WebApplication app)
    {
        _app = app;
        _client = app.GetTestClient();
    }

    public static async Task<GraphQLTestServer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var cluster = new FakeCluster((grain, method, args) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "AuthenticateAsync") => (string)args[0]! == Key ? FakeCluster.Viewer : null,
            (nameof(IDirectoryGrain), "GetEntitiesAsync") => new[] { "capture-user" },
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });
        builder.Services.AddSingleton(cluster.Grains);
        builder.Services.Configure<SigningOptions>(options => options.Key = Convert.ToBase64String(new byte[32]));
        builder.Services.AddWandbGraphQL();
        var app = builder.Build();
        app.MapWandbGraphQL();
        await app.StartAsync();
        return new GraphQLTestServer(app);
    }

    /// <summary>Posts a GraphQL request; returns the status and the JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        return await SendAsync(request);
    }

    /// <summary>Posts a raw body, as a hostile client may.</summary>
    public async Task<(int Status, JsonElement Body)> PostRawAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + Key)));
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }
}
