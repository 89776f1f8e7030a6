using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Every HTTP route the server maps, read from ASP.NET Core's <see cref="EndpointDataSource"/>, × every kind of caller
/// (anonymous, another user, a team viewer, a team member, an instance admin who is not in the team) answers the status
/// written in <see cref="Routes"/>. Project routes address a PRIVATE team project, so the instance admin is refused
/// there like any outsider. Every answer carries <c>X-Content-Type-Options: nosniff</c>. A route added without a row here fails <see cref="Every_mapped_route_has_a_row_in_the_matrix"/>.
/// GraphQL fields have their own matrix (<see cref="MutationAuthorizationMatrixTests"/>).
/// </summary>
public sealed class HttpRouteAuthorizationMatrixTests(HttpRouteAuthorizationMatrixTests.Server app)
    : IClassFixture<HttpRouteAuthorizationMatrixTests.Server>
{
    private const string Project = "routesprivate";
    private const string Run = "routerun1";

    public enum Caller { Anonymous, OtherUser, TeamViewer, TeamMember, InstanceAdmin }

    /// <param name="Expected">The status per caller, in the order of <see cref="Caller"/>.</param>
    public sealed record RouteCase(string Route, Func<Server, HttpRequestMessage> Request, params int[] Expected);

    private static readonly ArtifactFileSource ArtifactFile = ArtifactFileSource.FromText("weights.txt", "route-matrix-artifact-bytes");
    private static readonly ArtifactFileSource ArtifactTable = ArtifactFileSource.FromText("t.table.json", """{"columns": ["a"], "data": [[1]]}""");
    private static readonly ArtifactFileSource ArtifactImage = ArtifactFileSource.FromBytes("pixel.png", Convert.FromBase64String(PixelPng));
    private const string PixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    // Who may do what, as statuses: anonymous 401; no read → 404 (as if missing); read but not write → 403.
    private static readonly int[] ProjectRead = [401, 404, 200, 200, 404];

    // file_stream creates the run (and project) it names, so a caller who may not write is refused with 403 whether
    // or not the project exists: the answer tells nothing about it.
    private static readonly int[] ProjectWrite = [401, 403, 403, 200, 403];
    private static readonly int[] InstanceAdmin = [401, 403, 403, 403, 200];
    private static readonly int[] SignedIn = [401, 200, 200, 200, 200];

    // Users are addressed by opaque ids: a well-formed one that names nobody.
    private static string UnknownUser => Orleans.Wandb.Web.GraphQL.Execution.RelayIds.Token(987_654_321);

    public static readonly RouteCase[] Routes =
    [
        new("GET /healthz", _ => Get("/healthz"), 200, 200, 200, 200, 200),
        new("GET /ready", _ => Get("/ready"), 200, 200, 200, 200, 200),
        new("GET {*path:nonfile}", _ => Get("/some/page/of/the/app"), 200, 200, 200, 200, 200),
        new("POST /graphql", _ => Json(HttpMethod.Post, "/graphql", """{"query": "{ viewer { username } }"}"""), SignedIn),
        new("GET /graphql", _ => Get("/graphql?query=%7B%20viewer%20%7B%20username%20%7D%20%7D"), SignedIn),
        new("POST /files/{entity}/{project}/{run}/file_stream", _ => Json(HttpMethod.Post, $"/files/{SecurityApp.Team}/{Project}/{Run}/file_stream",
            """{"files": {"wandb-events.jsonl": {"offset": 0, "content": ["{\"_runtime\": 1}"]}}}"""), ProjectWrite),
        new("GET /files/{entity}/{project}/{run}/{**path}", _ => Get($"/files/{SecurityApp.Team}/{Project}/{Run}/notes.txt"), ProjectRead),
        new("GET /api/v1/runs/{entity}/{project}/{run}/output", _ => Get($"/api/v1/runs/{SecurityApp.Team}/{Project}/{Run}/output"), ProjectRead),
        new("POST /api/v1/charts", _ => Json(HttpMethod.Post, "/api/v1/charts", $$"""
            {"runs": [{"entity": "{{SecurityApp.Team}}", "project": "{{Project}}", "run": "{{Run}}"}], "metrics": ["loss"], "xAxis": "_step", "buckets": 10}
            """), ProjectRead),
        new("GET /api/v1/media/{entity}/{project}/{run}/thumbnail", _ => Get($"/api/v1/media/{SecurityApp.Team}/{Project}/{Run}/thumbnail?path=media/images/pixel.png&size=64"), ProjectRead),
        new("GET /api/v1/media/{entity}/{project}/{run}/table", _ => Get($"/api/v1/media/{SecurityApp.Team}/{Project}/{Run}/table?path=media/table/t.table.json"), ProjectRead),
        new("GET /api/v1/media/{entity}/{project}/{run}/html", _ => Get($"/api/v1/media/{SecurityApp.Team}/{Project}/{Run}/html?path=media/html/page.html"), ProjectRead),
        new("GET /api/v1/media/{entity}/{project}/artifacts/{artifactId}/table",
            s => Get($"/api/v1/media/{SecurityApp.Team}/{Project}/artifacts/{s.ArtifactPathId}/table?path=t.table.json"), ProjectRead),
        new("GET /api/v1/media/{entity}/{project}/artifacts/{artifactId}/thumbnail",
            s => Get($"/api/v1/media/{SecurityApp.Team}/{Project}/artifacts/{s.ArtifactPathId}/thumbnail?path=pixel.png&size=64"), ProjectRead),
        new("GET /api/live/projects/{entity}/{project}", _ => Get($"/api/live/projects/{SecurityApp.Team}/{Project}"), ProjectRead),
        new("GET /api/live/runs/{entity}/{project}/{run}", _ => Get($"/api/live/runs/{SecurityApp.Team}/{Project}/{Run}"), ProjectRead),
        new("GET /artifacts/{entity}/{md5Hex}", _ => Get($"/artifacts/{SecurityApp.Team}/{ArtifactFile.Md5Hex}"), ProjectRead),
        new("GET /artifactsV2/{**path}", s => Get($"/artifactsV2/default/{SecurityApp.Team}/{s.ArtifactId}/{ArtifactFile.Md5Hex}/weights.txt"), ProjectRead),

        // Signed URLs: the signature is the authorization; an API key or session never stands in for it.
        new("GET /storage/{**objectKey}", _ => Get($"/storage/runs/{SecurityApp.Team}/{Project}/{Run}/notes.txt"), 403, 403, 403, 403, 403),
        new("PUT /storage/{**objectKey}", _ => Body(HttpMethod.Put, $"/storage/runs/{SecurityApp.Team}/{Project}/{Run}/notes.txt", "overwritten"), 403, 403, 403, 403, 403),
        new("GET /storage/artifacts/{**path}", _ => Get($"/storage/artifacts/{ArtifactFile.Md5Hex}"), 403, 403, 403, 403, 403),
        // A CORS preflight grants nothing by itself (no credentials, only this server's own origin), so it answers everyone.
        new("OPTIONS /storage/{**objectKey}", _ => new HttpRequestMessage(HttpMethod.Options, $"/storage/runs/{SecurityApp.Team}/{Project}/{Run}/notes.txt"), 204, 204, 204, 204, 204),
        new("PUT /storage/artifacts/{**path}", _ => Body(HttpMethod.Put, $"/storage/artifacts/{ArtifactFile.Md5Hex}", "overwritten"), 403, 403, 403, 403, 403),

        // The clients' telemetry export is accepted and discarded (it stores nothing), from signed-in clients only.
        new("POST /sdk/otel/v1/metrics", _ => Body(HttpMethod.Post, "/sdk/otel/v1/metrics", ""), SignedIn),
        new("POST /sdk/otel/v1/logs", _ => Body(HttpMethod.Post, "/sdk/otel/v1/logs", ""), SignedIn),

        // The caller's own account.
        new("GET /api/account/keys", _ => Get("/api/account/keys"), SignedIn),
        new("POST /api/account/keys", _ => Json(HttpMethod.Post, "/api/account/keys", """{"description": "route matrix"}"""), SignedIn),
        new("DELETE /api/account/keys/{id}", _ => new HttpRequestMessage(HttpMethod.Delete, "/api/account/keys/987654321"), 401, 404, 404, 404, 404),
        new("GET /api/account/projects", _ => Get("/api/account/projects"), SignedIn),

        // Web sessions: the login form is for everyone; the rest concern the cookie's session only.
        new("POST /api/session/login", _ => Json(HttpMethod.Post, "/api/session/login", "{}"), 400, 400, 400, 400, 400),
        new("POST /api/session/logout", _ => Json(HttpMethod.Post, "/api/session/logout", "{}"), 204, 204, 204, 204, 204),
        new("GET /api/session", _ => Get("/api/session"), 204, 200, 200, 200, 200),
        new("POST /api/session/password", _ => Json(HttpMethod.Post, "/api/session/password", """{"currentPassword": "a", "newPassword": "b"}"""), 401, 401, 401, 401, 401),

        // Instance administration. Requests the admin may make are shaped to change nothing (unknown ids, invalid bodies).
        new("GET /api/admin/users", _ => Get("/api/admin/users"), InstanceAdmin),
        new("POST /api/admin/users", _ => Json(HttpMethod.Post, "/api/admin/users", "{}"), 401, 403, 403, 403, 400),
        new("POST /api/admin/users/{id}/password", _ => Json(HttpMethod.Post, $"/api/admin/users/{UnknownUser}/password", "{}"), 401, 403, 403, 403, 404),
        new("POST /api/admin/users/{id}/deactivate", _ => Json(HttpMethod.Post, $"/api/admin/users/{UnknownUser}/deactivate", "{}"), 401, 403, 403, 403, 404),
        new("POST /api/admin/users/{id}/reactivate", _ => Json(HttpMethod.Post, $"/api/admin/users/{UnknownUser}/reactivate", "{}"), 401, 403, 403, 403, 404),
        new("GET /api/admin/storage", _ => Get("/api/admin/storage"), InstanceAdmin),
        new("GET /api/admin/client-versions", _ => Get("/api/admin/client-versions"), InstanceAdmin),
        new("PUT /api/admin/client-versions", _ => Json(HttpMethod.Put, "/api/admin/client-versions", """{"latestVersion": "not a version"}"""), 401, 403, 403, 403, 400),
        new("GET /api/cluster/silos", _ => Get("/api/cluster/silos"), InstanceAdmin),
        new("GET /metrics", _ => Get("/metrics"), InstanceAdmin),

        // The identity-token exchange needs no credential (the identity token is one): a body that is not its form is 400.
        new("POST /oidc/token", _ => Json(HttpMethod.Post, "/oidc/token", "{}"), 400, 400, 400, 400, 400),

        // SCIM provisioning, at W&B Server's address and at /scim/v2: instance admins' keys only.
        .. ScimRoutes("/scim/v2"),
        .. ScimRoutes("/scim"),
    ];

    /// <summary>The SCIM routes under one prefix; the admin's requests change nothing (unknown ids, invalid bodies).</summary>
    private static RouteCase[] ScimRoutes(string prefix) =>
    [
        new($"GET {prefix}/ServiceProviderConfig", _ => Get($"{prefix}/ServiceProviderConfig"), InstanceAdmin),
        new($"GET {prefix}/Schemas", _ => Get($"{prefix}/Schemas"), InstanceAdmin),
        new($"GET {prefix}/ResourceTypes", _ => Get($"{prefix}/ResourceTypes"), InstanceAdmin),
        new($"GET {prefix}/Users", _ => Get($"{prefix}/Users"), InstanceAdmin),
        new($"POST {prefix}/Users", _ => Json(HttpMethod.Post, $"{prefix}/Users", "{}"), 401, 403, 403, 403, 400),
        new($"GET {prefix}/Users/{{id}}", _ => Get($"{prefix}/Users/unknown"), 401, 403, 403, 403, 404),
        new($"PUT {prefix}/Users/{{id}}", _ => Json(HttpMethod.Put, $"{prefix}/Users/unknown", "{}"), 401, 403, 403, 403, 404),
        new($"PATCH {prefix}/Users/{{id}}", _ => Json(HttpMethod.Patch, $"{prefix}/Users/unknown", "{}"), 401, 403, 403, 403, 404),
        new($"DELETE {prefix}/Users/{{id}}", _ => new HttpRequestMessage(HttpMethod.Delete, $"{prefix}/Users/unknown"), 401, 403, 403, 403, 404),
        new($"GET {prefix}/Groups", _ => Get($"{prefix}/Groups"), InstanceAdmin),
        new($"POST {prefix}/Groups", _ => Json(HttpMethod.Post, $"{prefix}/Groups", "{}"), 401, 403, 403, 403, 400),
        new($"GET {prefix}/Groups/{{id}}", _ => Get($"{prefix}/Groups/unknown"), 401, 403, 403, 403, 404),
        new($"PUT {prefix}/Groups/{{id}}", _ => Json(HttpMethod.Put, $"{prefix}/Groups/unknown", "{}"), 401, 403, 403, 403, 404),
        new($"PATCH {prefix}/Groups/{{id}}", _ => Json(HttpMethod.Patch, $"{prefix}/Groups/unknown", "{}"), 401, 403, 403, 403, 404),
    ];

    public static TheoryData<string, Caller> Cells()
    {
        var cells = new TheoryData<string, Caller>();
        foreach (var route in Routes)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                cells.Add(route.Route, caller);
            }
        }

        return cells;
    }

    [Fact]
    public void Every_mapped_route_has_a_row_in_the_matrix()
    {
        var mapped = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var rows = Routes.Select(r => r.Route).ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.True(mapped.SetEquals(rows),
            $"routes without a row: {string.Join(", ", mapped.Except(rows))}; rows without a route: {string.Join(", ", rows.Except(mapped))}");
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_gets_the_status_the_matrix_says(string route, Caller caller)
    {
        var row = Routes.Single(r => r.Route == route);
        using var request = row.Request(app);
        if (app.KeyOf(caller) is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + key)));
        }

        request.Headers.Add(AppSession.CsrfHeader, "1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Live routes stream while allowed: only the headers are awaited.
        using var response = await app.Factory.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var expected = row.Expected[(int)caller];
        Assert.True(expected == (int)response.StatusCode,
            $"{route} as {caller}: expected {expected}, got {(int)response.StatusCode}");

        // Whatever the answer, a browser must not sniff it into HTML or script.
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Body(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/octet-stream") };

    /// <summary>The security cast, and team <c>lab</c>'s private project with a run, run files (text, an image) and an artifact, logged by dave, a member.</summary>
    public sealed class Server : SecurityApp
    {
        public string ArtifactId { get; private set; } = "";

        /// <summary>The artifact's number, as the media routes address it (the GraphQL id is base64 of "Artifact:{number}").</summary>
        /// <summary>The artifact's id as the media routes take it: the GraphQL id, escaped for a path segment.</summary>
        public string ArtifactPathId => Uri.EscapeDataString(ArtifactId);

        public string? KeyOf(Caller caller) => caller switch
        {
            Caller.OtherUser => BobKey,
            Caller.TeamViewer => CarolKey,
            Caller.TeamMember => DaveKey,
            Caller.InstanceAdmin => Factory.AdminApiKey,
            _ => null,
        };

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await CreateProjectAsync(DaveKey, Team, Project, Run, "private");
            await UploadRunFileAsync(DaveKey, Team, Project, Run, "notes.txt", Encoding.UTF8.GetBytes("route matrix notes"));
            await UploadRunFileAsync(DaveKey, Team, Project, Run, "media/images/pixel.png", Convert.FromBase64String(PixelPng));
            await UploadRunFileAsync(DaveKey, Team, Project, Run, "media/table/t.table.json", Encoding.UTF8.GetBytes("""{"columns": ["a"], "data": [[1]]}"""));
            await UploadRunFileAsync(DaveKey, Team, Project, Run, "media/html/page.html", Encoding.UTF8.GetBytes("<h1>page</h1>"));
            ArtifactId = (await new ArtifactClient(Client(DaveKey), Team, Project).LogAsync("routedata", [ArtifactFile, ArtifactTable, ArtifactImage])).Id;
        }

        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
