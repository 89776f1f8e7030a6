using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Security;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The table routes on a 2-silo cluster: tables and artifacts in Azurite, the store's versions its ETags, each silo
/// indexing a table on its own disk. And the media the app loads from the blob store's origin: its page lets images
/// and players load from there, and its own fetches are answered by the silo.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterMediaTableTests(ClusterMediaTableTests.Server server) : MediaTableTests(server), IClassFixture<ClusterMediaTableTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }

    [Fact]
    public async Task Media_files_redirect_to_the_store_whose_origin_the_apps_policy_lets_images_and_players_load_from_and_the_apps_fetches_stay_on_the_silo()
    {
        var bytes = Encoding.UTF8.GetBytes("""[[0, 0, 0], [1, 1, 1]]""");
        await server.CreateProjectAsync(server.DaveKey, SecurityApp.Team, "mediacsp", "run00001", "team");
        await server.UploadRunFileAsync(server.DaveKey, SecurityApp.Team, "mediacsp", "run00001", "media/object3D/cloud_0_abc.pts.json", bytes);
        var http = server.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + server.DaveKey)));
        var file = $"/files/{SecurityApp.Team}/mediacsp/run00001/media/object3D/cloud_0_abc.pts.json";

        using var element = new HttpRequestMessage(HttpMethod.Get, file) { Headers = { Authorization = auth } };
        element.Headers.Add("Sec-Fetch-Site", "same-origin");
        element.Headers.Add("Sec-Fetch-Mode", "no-cors");
        using var redirected = await http.SendAsync(element);
        using var fetch = new HttpRequestMessage(HttpMethod.Get, file) { Headers = { Authorization = auth } };
        fetch.Headers.Add("Sec-Fetch-Site", "same-origin");
        fetch.Headers.Add("Sec-Fetch-Mode", "cors");
        using var fetched = await http.SendAsync(fetch);
        using var page = await http.GetAsync($"/{SecurityApp.Team}/mediacsp/runs/run00001");

        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        var target = redirected.Headers.Location!;
        var origin = target.GetLeftPart(UriPartial.Authority);
        using var outside = new HttpClient();
        Assert.Equal(bytes, await outside.GetByteArrayAsync(target));
        var policy = page.Headers.GetValues("Content-Security-Policy").Single().Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToList());
        Assert.Contains(origin, policy["img-src"]);
        Assert.Contains(origin, policy["media-src"]);
        Assert.Equal(["'self'"], policy["connect-src"]);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(bytes, await fetched.Content.ReadAsByteArrayAsync());
    }
}
