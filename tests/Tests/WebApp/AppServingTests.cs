using System.Net;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// The app is served at / on the API's port: index.html (with a strict content security policy) for every app
/// address, static files under /static (the chart library included, copied by the build), and the API routes as before.
/// Each profile runs the same specification (<see cref="EmbeddedAppServingTests"/>, <see cref="Cluster.ClusterAppServingTests"/>).
/// </summary>
public abstract class AppServingTests(AppServingTests.App app)
{
    public abstract class App : ProfileServer;

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/local/my-project")]
    [InlineData("/local/my-project/runs/abc123")]
    public async Task App_addresses_load_the_app_with_a_content_security_policy(string path)
    {
        using var response = await app.Factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<base href=\"/\">", html, StringComparison.Ordinal);
        Assert.Contains("static/js/app.js", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/static/js/app.js", "text/javascript")]
    [InlineData("/static/vendor/uPlot.esm.js", "text/javascript")]
    [InlineData("/static/vendor/uPlot.min.css", "text/css")]
    [InlineData("/static/app.css", "text/css")]
    public async Task Static_files_are_served_from_the_built_folder(string path, string mediaType)
    {
        using var response = await app.Factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Api_routes_are_untouched_and_unknown_api_paths_are_json_404s()
    {
        var http = app.Factory.CreateClient();
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        using var graphql = await http.PostAsync("/graphql", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, graphql.StatusCode);
        using var unknown = await http.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
