using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>The HTTP contract of <c>/graphql</c>: statuses, content type and error bodies the clients understand.</summary>
public sealed class GraphQLHttpTests : IAsyncLifetime
{
    private const string GoodKey = "local-0123456789abcdef0123456789abcdef01234567";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var cluster = new FakeCluster((grain, method, args) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "AuthenticateAsync") => (string)args[0]! == GoodKey ? FakeCluster.Viewer : null,
            (nameof(IDirectoryGrain), "GetEntitiesAsync") => new[] { "capture-user" },
            _ => throw new InvalidOperationException($"unexpected {grain.Name}.{method}"),
        });
        builder.Services.AddSingleton(cluster.Grains);
        builder.Services.Configure<ServerOptions>(options => options.MaxGraphQLBytes = 4096);
        builder.Services.Configure<SigningOptions>(options => options.Key = Convert.ToBase64String(new byte[32]));
        builder.Services.AddWandbGraphQL();
        _app = builder.Build();
        _app.MapWandbGraphQL();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_request_without_a_key_is_rejected_with_401_even_for_introspection()
    {
        var response = await PostAsync("""{"query": "{ __type(name: \"Query\") { fields { name } } }"}""", key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(0, (await ReadAsync(response)).GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_key_is_rejected_with_401()
    {
        var response = await PostAsync("""{"query": "{ viewer { id } }"}""", key: "local-wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_viewer_query_answers_json_with_the_default_entity()
    {
        var viewer = RecordedGraphQLRequests.All.First(request => request.File.StartsWith("js", StringComparison.Ordinal));
        var body = JsonSerializer.Serialize(new { query = viewer.Query, variables = new { }, operationName = "Viewer" });

        var response = await PostAsync(body, GoodKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var data = (await ReadAsync(response)).GetProperty("data").GetProperty("viewer");
        Assert.Equal("capture-user", data.GetProperty("entity").GetString());
        Assert.Equal("{}", data.GetProperty("flags").GetString());
        Assert.Equal("capture-user", data.GetProperty("teams").GetProperty("edges")[0].GetProperty("node").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"variables": {}}""")]
    [InlineData("""{"query": 42}""")]
    public async Task A_malformed_body_is_rejected_with_400_naming_the_problem(string body)
    {
        var response = await PostAsync(body, GoodKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await ReadAsync(response)).GetProperty("errors")[0].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_rejected_with_413()
    {
        var body = JsonSerializer.Serialize(new { query = "{ viewer { id } }", variables = new { pad = new string('x', 5000) } });

        var response = await PostAsync(body, GoodKey);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_validation_error_answers_200_with_errors_and_no_data()
    {
        var response = await PostAsync("""{"query": "{ viewer { noSuchField } }", "operationName": ""}""", GoodKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadAsync(response);
        Assert.False(json.TryGetProperty("data", out _));
        Assert.NotEqual(0, json.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Get_with_a_query_string_is_answered_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ viewer { entity } }"));
        request.Headers.Authorization = Basic(GoodKey);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("capture-user", (await ReadAsync(response)).GetProperty("data").GetProperty("viewer").GetProperty("entity").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = Basic(key);
        }

        return await _client.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + key)));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
