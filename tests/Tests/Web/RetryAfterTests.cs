using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Tests.GraphQL;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// Every 503 says when to come back, GraphQL included (issue #21): wandb-core waits exactly <c>Retry-After</c>. The
/// value is the age of the outage, 2 s to 60 s, so a blip is retried within seconds and a long outage is waited out
/// as the client's own backoff would (<see cref="OutageRetryAfter"/>); file_stream keeps 2 s.
/// </summary>
public sealed class RetryAfterTests
{
    private const string Key = "local-0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void The_wait_grows_with_the_outage_from_2_to_60_seconds_and_starts_over_after_a_quiet_minute()
    {
        var time = new FakeTimeProvider();
        var retryAfter = new OutageRetryAfter(time);

        var waits = new List<int>();
        foreach (var seconds in new[] { 0, 1, 3, 7, 15, 31, 63, 100 })
        {
            time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero).AddSeconds(seconds));
            waits.Add(retryAfter.Next());
        }

        Assert.Equal([2, 2, 3, 7, 15, 31, 60, 60], waits);
        time.Advance(OutageRetryAfter.QuietPeriod + TimeSpan.FromSeconds(1));
        Assert.Equal(2, retryAfter.Next());
    }

    [Fact]
    public async Task A_graphql_503_and_any_other_503_carry_Retry_After_and_file_stream_keeps_two_seconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var app = await StartAsync(time);
        var client = app.GetTestClient();

        var graphql = await SendAsync(client, HttpMethod.Post, "/graphql", """{"query": "{ project(name: \"p\") { id } }"}""");
        time.Advance(TimeSpan.FromSeconds(10));
        var later = await SendAsync(client, HttpMethod.Post, "/graphql", """{"query": "{ project(name: \"p\") { id } }"}""");
        var thrown = await SendAsync(client, HttpMethod.Get, "/thrown", null);
        var written = await SendAsync(client, HttpMethod.Get, "/written", null);
        var fileStream = await SendAsync(client, HttpMethod.Post, "/files/e/p/r/file_stream", "{}");

        Assert.Equal((503, TimeSpan.FromSeconds(2)), graphql);
        Assert.Equal((503, TimeSpan.FromSeconds(10)), later);
        Assert.Equal((503, TimeSpan.FromSeconds(10)), thrown);
        Assert.Equal((503, TimeSpan.FromSeconds(10)), written);
        Assert.Equal((503, TimeSpan.FromSeconds(2)), fileStream);
    }

    [Fact]
    public async Task Answers_other_than_503_carry_no_Retry_After()
    {
        await using var app = await StartAsync(new FakeTimeProvider());

        var (status, wait) = await SendAsync(app.GetTestClient(), HttpMethod.Get, "/fine", null);

        Assert.Equal((200, (TimeSpan?)null), (status, wait));
    }

    private static async Task<WebApplication> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var cluster = new FakeCluster((grain, method, args) => (grain.Name, method) switch
        {
            (nameof(IDirectoryGrain), "AuthenticateAsync") => (string)args[0]! == Key ? FakeCluster.Viewer : null,
            _ => throw new SiloUnavailableException("the silo hosting it died"),
        });
        builder.Services.AddSingleton(cluster.Grains);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<OutageRetryAfter>();
        builder.Services.Configure<SigningOptions>(options => options.Key = Convert.ToBase64String(new byte[32]));
        builder.Services.AddWandbGraphQL();
        var app = builder.Build();
        app.UseTransientFailures();
        app.MapWandbGraphQL();
        app.MapGet("/thrown", IResult () => throw new StorageUnavailableException("database down"));
        app.MapGet("/written", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/fine", () => Results.Ok());
        app.MapPost("/files/e/p/r/file_stream", IResult () => throw new StorageUnavailableException("database down"));
        await app.StartAsync();
        return app;
    }

    private static async Task<(int Status, TimeSpan? RetryAfter)> SendAsync(HttpClient client, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + Key)));
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Headers.RetryAfter?.Delta);
    }
}
