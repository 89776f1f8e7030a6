using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Issue #11 item 2: a user uploads <c>report.html</c> (or an SVG) and sends the link to an admin; served from the app's
/// origin as a page, its script would act as the admin. Every route that serves user bytes must answer so that no
/// browser runs it: <c>Content-Disposition: attachment</c> unless it is a raster image, <c>nosniff</c>, and a
/// <c>default-src 'none'; sandbox</c> policy; blob-store URLs (another origin) force the attachment and a neutral type.
/// One test lists every GET route, so a new route that serves user bytes cannot be added without this check.
/// </summary>
public abstract class UserContentServingTests(SecurityApp app)
{
    private const string Html = "<html><script>fetch('/graphql', {method: 'POST'})</script></html>";
    private const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    /// <summary>The GET routes that answer with bytes a user uploaded; each is exercised below.</summary>
    public static readonly string[] UserBytesRoutes =
    [
        "/storage/{**objectKey}",
        "/storage/artifacts/{**path}",
        "/files/{entity}/{project}/{run}/{**path}",
        "/artifactsV2/{**path}",
        "/artifacts/{entity}/{md5Hex}",
        "/api/v1/media/{entity}/{project}/{run}/thumbnail",
        "/api/v1/media/{entity}/{project}/artifacts/{artifactId}/thumbnail",
        "/api/v1/media/{entity}/{project}/{run}/html",
    ];

    private HttpClient ServerClient() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public void EveryGetRoute_IsKnownToServeUserBytesOrNot()
    {
        var routes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        var unknown = routes.Where(r => !UserBytesRoutes.Contains(r) && !OtherGetRoutes.Contains(r)).ToList();
        Assert.True(unknown.Count == 0,
            "Classify these GET routes: if they answer with user uploads, add them to UserBytesRoutes (and protect them with UserContent), "
            + "else to OtherGetRoutes: " + string.Join(", ", unknown));
        Assert.All(UserBytesRoutes, route => Assert.Contains(route, routes));
    }

    [Theory]
    [InlineData("report.html", Html)]
    [InlineData("media/images/logo.svg", Svg)]
    public async Task UploadedHtmlOrSvgRunFile_IsServedAsAnAttachmentThatCannotRunScript_OnEveryRoute(string name, string content)
    {
        var project = "content" + Math.Abs(name.GetHashCode(StringComparison.Ordinal) % 10000);
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, project, "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, project, "run00001", name, Encoding.UTF8.GetBytes(content));
        var admin = app.Client(app.AliceKey);

        var directUrl = (await admin.QueryAsync(
            "query($e: String!, $p: String!, $f: [String!]!) { project(entityName: $e, name: $p) { run(name: \"run00001\") { files(names: $f) { edges { node { directUrl } } } } } }",
            new { e = SecurityApp.Team, p = project, f = new[] { name } }))["project"]!["run"]!["files"]!["edges"]![0]!["node"]!["directUrl"]!.GetValue<string>();
        using (var signed = await new ArtifactClient(admin, SecurityApp.Team, project).SendAsync(new HttpRequestMessage(HttpMethod.Get, directUrl)))
        {
            await AssertCannotRunScriptAsync(signed, content);
        }

        using var keyed = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), $"/files/{SecurityApp.Team}/{project}/run00001/{name}", app.AliceKey);
        await AssertCannotRunScriptAsync(keyed, content);
    }

    [Fact]
    public async Task UploadedPngRunFile_IsShownInline_ButStillSandboxed()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "contentpng", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "contentpng", "run00001", "plot.png", Png);

        using var keyed = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), $"/files/{SecurityApp.Team}/contentpng/run00001/plot.png", app.AliceKey);

        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal("image/png", keyed.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("attachment", keyed.Content.Headers.ContentDisposition?.DispositionType);
        if (IsFromServer(keyed))
        {
            AssertServerHeaders(keyed);
        }
    }

    [Theory]
    [InlineData("media/images/report.png", Html)]
    [InlineData("media/images/logo.png", Svg)]
    public async Task HtmlOrSvgUploadedUnderAnImageName_IsNeverServedAsAThumbnail(string name, string content)
    {
        var project = "thumbfake" + Math.Abs(name.GetHashCode(StringComparison.Ordinal) % 10000);
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, project, "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, project, "run00001", name, Encoding.UTF8.GetBytes(content));

        using var response = await app.Client(app.AliceKey).SendAsync(
            HttpMethod.Get, $"/api/v1/media/{SecurityApp.Team}/{project}/run00001/thumbnail?path={Uri.EscapeDataString(name)}&size=64", null);

        // Only what decodes as a raster image comes back, and then as that image's own type.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlMedia_ForTheAppsSandboxedFrame_RunsInAUniqueOriginThatCanReachNothing()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "htmlmedia", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "htmlmedia", "run00001", "media/html/page_1_abc.html", Encoding.UTF8.GetBytes(Html));
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "htmlmedia", "run00001", "media/images/logo.svg", Encoding.UTF8.GetBytes(Svg));
        var route = $"/api/v1/media/{SecurityApp.Team}/htmlmedia/run00001/html?path=";

        using var page = await app.Client(app.AliceKey).SendAsync(HttpMethod.Get, route + "media/html/page_1_abc.html", null);
        using var svg = await app.Client(app.AliceKey).SendAsync(HttpMethod.Get, route + "media/images/logo.svg", null);
        using var stranger = await app.Client(app.BobKey).SendAsync(HttpMethod.Get, route + "media/html/page_1_abc.html", null);

        // Inline, for the frame; the policy alone keeps it off the app's origin even when opened as a page of its own.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("attachment", page.Content.Headers.ContentDisposition?.DispositionType);
        var policy = string.Join(",", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("sandbox allow-scripts;", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-same-origin", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-top-navigation", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'self'", policy.Replace("frame-ancestors 'self'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", page.Headers.GetValues("X-Content-Type-Options")));

        // Only pages: other files keep being attachments, and only for those who may read the project.
        Assert.Equal(HttpStatusCode.BadRequest, svg.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }

    [Fact]
    public async Task PngThumbnail_IsShownInline_ButStillSandboxed()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbpng", "run00001", "team");
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, "thumbpng", "run00001", "media/images/a.png", OnePixelPng);

        using var response = await app.Client(app.AliceKey).SendAsync(
            HttpMethod.Get, $"/api/v1/media/{SecurityApp.Team}/thumbpng/run00001/thumbnail?path=media/images/a.png&size=64", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        AssertServerHeaders(response);
    }

    [Fact]
    public async Task HtmlUploadedIntoAnArtifactUnderAnImageName_IsNeverServedAsAThumbnail_AndAPngIsSandboxed()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "thumbartifact", "run00001", "team");
        var logged = await new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, "thumbartifact").LogAsync("pictures",
            [ArtifactFileSource.FromText("media/images/report.png", Html), ArtifactFileSource.FromBytes("media/images/a.png", OnePixelPng)]);
        var artifactId = Uri.EscapeDataString(logged.Id);
        var thumbnail = $"/api/v1/media/{SecurityApp.Team}/thumbartifact/artifacts/{artifactId}/thumbnail?size=64&path=";

        using var html = await app.Client(app.AliceKey).SendAsync(HttpMethod.Get, thumbnail + Uri.EscapeDataString("media/images/report.png"), null);
        using var png = await app.Client(app.AliceKey).SendAsync(HttpMethod.Get, thumbnail + Uri.EscapeDataString("media/images/a.png"), null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, html.StatusCode);
        Assert.DoesNotContain("<script>", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        AssertServerHeaders(png);
    }

    /// <summary>A valid 1×1 PNG.</summary>
    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task UploadedHtmlArtifactFile_IsServedAsAnAttachmentThatCannotRunScript_OnEveryRoute()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "contentart", "run00001", "team");
        var html = ArtifactFileSource.FromText("report.html", Html + "<!-- artifact -->");
        var writer = new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, "contentart");
        var logged = await writer.LogAsync("pages", [html, ArtifactFileSource.FromText("logo.svg", Svg)]);
        var admin = new ArtifactClient(app.Client(app.AliceKey), SecurityApp.Team, "contentart");

        foreach (var file in await admin.FilesAsync(logged.Id))
        {
            using var signed = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, file["directUrl"]!.GetValue<string>()));
            await AssertCannotRunScriptAsync(signed, null);
        }

        foreach (var path in new[] { $"/artifacts/{SecurityApp.Team}/{html.Md5Hex}", $"/artifactsV2/default/{SecurityApp.Team}/pages/{html.Md5Hex}/report.html" })
        {
            using var fallback = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), path, app.AliceKey);
            await AssertCannotRunScriptAsync(fallback, Html + "<!-- artifact -->");
        }

        var manifestUrl = (await admin.ByIdAsync(logged.Id))!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>();
        using var manifest = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, manifestUrl));
        await AssertCannotRunScriptAsync(manifest, null);
    }

    /// <summary>
    /// One mapping from name to type (<c>FileTypes</c>): a run file records the same type whether the silo saw its PUT
    /// (embedded) or registered it from the store's listing (cluster), the silo serves it with that type, and an
    /// artifact file of the same name reports the same <c>mimetype</c>.
    /// </summary>
    [Theory]
    [InlineData("plot.png", "image/png")]
    [InlineData("logs/output.log", "text/plain")]
    [InlineData("report.html", "text/html")]
    [InlineData("media/logo.svg", "image/svg+xml")]
    [InlineData("weights.bin", "application/octet-stream")]
    public async Task A_file_has_one_type_when_recorded_served_and_listed_as_an_artifact_file(string name, string type)
    {
        var project = "types" + Math.Abs(name.GetHashCode(StringComparison.Ordinal) % 10000);
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, project, "run00001", "team");
        var bytes = name.EndsWith(".png", StringComparison.Ordinal) ? OnePixelPng : Encoding.UTF8.GetBytes("content of " + name);
        await app.UploadRunFileAsync(app.DaveKey, SecurityApp.Team, project, "run00001", name, bytes);
        var reader = app.Client(app.CarolKey);

        var recorded = (await reader.QueryAsync(
            "query($e: String!, $p: String!, $f: [String!]!) { project(entityName: $e, name: $p) { run(name: \"run00001\") { files(names: $f) { edges { node { mimetype } } } } } }",
            new { e = SecurityApp.Team, p = project, f = new[] { name } }))["project"]!["run"]!["files"]!["edges"]![0]!["node"]!["mimetype"]!.GetValue<string>();
        Assert.Equal(type, recorded);

        using var served = await ClientDownloads.GetFollowingRedirectAsync(ServerClient(), $"/files/{SecurityApp.Team}/{project}/run00001/{name}", app.CarolKey);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var servedType = served.Content.Headers.ContentType?.MediaType;
        if (IsFromServer(served) || type == "image/png")
        {
            Assert.Equal(type, servedType);
        }
        else
        {
            // A blob-store URL presents everything but raster images as a neutral attachment (UserContent.ServedAsOf).
            Assert.Equal("application/octet-stream", servedType);
        }

        var writer = new ArtifactClient(app.Client(app.DaveKey), SecurityApp.Team, project);
        var logged = await writer.LogAsync("typed", [ArtifactFileSource.FromText(name, "artifact " + name)]);
        var listed = (await reader.QueryAsync("query($id: ID!) { artifact(id: $id) { files { edges { node { mimetype } } } } }", new { id = logged.Id }))
            ["artifact"]!["files"]!["edges"]![0]!["node"]!["mimetype"]!.GetValue<string>();
        Assert.Equal(type, listed);
    }

    private bool IsFromServer(HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri is not { IsAbsoluteUri: true } uri || uri.Authority == app.Factory.Server.BaseAddress.Authority;

    private async Task AssertCannotRunScriptAsync(HttpResponseMessage response, string? expectedBody)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        if (IsFromServer(response))
        {
            // The server keeps the file's type (it says what the bytes are) and sandboxes it.
            AssertServerHeaders(response);
        }
        else
        {
            // The blob store sends no policy of its own: it must not even name a type a browser renders.
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        }

        if (expectedBody is not null)
        {
            Assert.Equal(expectedBody, await response.Content.ReadAsStringAsync());
        }
    }

    private static void AssertServerHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", string.Join(",", response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) ? sniff : []));
        var policy = string.Join(",", response.Headers.TryGetValues("Content-Security-Policy", out var csp) ? csp : []);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
    }

    /// <summary>GET routes that answer with the server's own data (pages, JSON, charts), never a user's uploaded bytes.</summary>
    private static readonly string[] OtherGetRoutes =
    [
        "/healthz", "/ready", "/api/cluster/silos", "/metrics", "/graphql", "/api/session", "/api/account/keys", "/api/account/projects",
        "/api/admin/users", "/api/admin/storage", "/api/admin/client-versions",
        "/api/live/projects/{entity}/{project}", "/api/live/runs/{entity}/{project}/{run}",

        // The run's console output as JSON lines of text the web app renders as text nodes (dom.js, no innerHTML).
        "/api/v1/runs/{entity}/{project}/{run}/output",

        // Table pages: JSON the server writes (application/json, nosniff), whose cell values the app renders as text nodes.
        "/api/v1/media/{entity}/{project}/{run}/table", "/api/v1/media/{entity}/{project}/artifacts/{artifactId}/table",

        // SCIM resources: JSON the server writes (application/scim+json, nosniff), for identity providers, not browsers.
        .. new[] { "/scim/v2", "/scim" }.SelectMany(p => new[]
        {
            $"{p}/ServiceProviderConfig", $"{p}/Schemas", $"{p}/ResourceTypes", $"{p}/Users", $"{p}/Users/{{id}}", $"{p}/Groups", $"{p}/Groups/{{id}}",
        }),

        // The web app's own static files and its index.html fallback.
        "/{*path:nonfile}",
    ];
}

/// <summary>User content on the embedded profile: the server itself serves every byte.</summary>
public sealed class EmbeddedUserContentServingTests(EmbeddedUserContentServingTests.Server server)
    : UserContentServingTests(server), IClassFixture<EmbeddedUserContentServingTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}

/// <summary>User content on a 2-silo cluster: downloads redirect to blob-store URLs that force the attachment.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterUserContentServingTests(ClusterUserContentServingTests.Server server)
    : UserContentServingTests(server), IClassFixture<ClusterUserContentServingTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
