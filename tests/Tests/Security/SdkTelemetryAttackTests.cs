using System.Net.Http.Headers;
using System.Text;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Web.Telemetry;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Attacks on the Go core's telemetry export routes (<c>/sdk/otel/v1/metrics</c>, <c>/sdk/otel/v1/logs</c>), which
/// the server accepts and discards: they are no open door for anonymous traffic and no way to make it buffer
/// unbounded bodies.
/// </summary>
public sealed class SdkTelemetryAttackTests(SdkTelemetryAttackTests.Server server) : IClassFixture<SdkTelemetryAttackTests.Server>
{
    public sealed class Server : ProfileServer
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    [Theory]
    [InlineData("/sdk/otel/v1/metrics")]
    [InlineData("/sdk/otel/v1/logs")]
    public async Task AnonymousExport_IsRefusedWith401(string path)
    {
        using var response = await server.Factory.CreateClient().PostAsync(path, new ByteArrayContent([1, 2, 3]));
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/sdk/otel/v1/metrics")]
    [InlineData("/sdk/otel/v1/logs")]
    public async Task WrongApiKey_IsRefusedWith401(string path)
    {
        using var response = await server.Factory.CreateClient().SendAsync(Export(path, TestKeys.NewApiKey(), [1, 2, 3]));
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task ExportPastTheSizeLimit_IsRefusedWith413()
    {
        var body = new byte[SdkTelemetryEndpoints.MaxBodyBytes + 1];
        using var response = await server.Factory.CreateClient().SendAsync(Export("/sdk/otel/v1/logs", server.Factory.AdminApiKey, body));
        Assert.Equal(413, (int)response.StatusCode);
    }

    private static HttpRequestMessage Export(string path, string apiKey, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + apiKey)));
        return request;
    }
}
