using System.Net;
using System.Net.Http.Headers;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Health;

/// <summary>Who may read <c>/metrics</c>: an instance admin or the scraper's token, no one else; and a weak token stops the server.</summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task A_signed_in_user_who_is_not_an_instance_admin_is_refused_and_an_admin_is_not()
    {
        using var app = new WandbAppFactory();
        var (_, key) = await TestUsers.CreateAsync(app, "metricsreader");
        using var http = app.CreateClient();

        using (var user = await GetAsync(http, key))
        {
            Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
        }

        using (var admin = await GetAsync(http, app.AdminApiKey))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }
    }

    [Fact]
    public void A_scrape_token_shorter_than_32_characters_stops_the_server_at_start()
    {
        using var factory = new WandbAppFactory(new Dictionary<string, string> { ["METRICS_TOKEN"] = "short" });
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("METRICS_TOKEN", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_metrics_switched_off_there_is_no_endpoint()
    {
        using var app = new WandbAppFactory(new Dictionary<string, string> { ["Metrics:Enabled"] = "false" });
        using var http = app.CreateClient();
        using var response = await GetAsync(http, app.AdminApiKey);
        Assert.DoesNotContain("text/plain", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet_gc", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(request);
    }
}
