using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// An instance admin deactivates a user who left: every session and every API key stops at once (401, on every silo),
/// sign-in is refused, the user's runs stay readable to the team; reactivation restores password and keys.
/// Each profile runs the same specification (<see cref="EmbeddedAccountDeactivationTests"/>, <see cref="ClusterAccountDeactivationTests"/>).
/// </summary>
public abstract class AccountDeactivationTests(AccountDeactivationTests.App app)
{
    private const string Password = "a-password-1";

    public abstract class App(Func<Task<WandbAppFactory>> start) : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => start();
    }

    private WandbClient Admin => app.Factory.CreateAdminClient();

    private async Task<string> IdOfAsync(string username)
    {
        using var users = await Admin.SendAsync(HttpMethod.Get, "/api/admin/users", null);
        var list = await users.Content.ReadFromJsonAsync<JsonArray>();
        return list!.Single(u => u!["username"]!.GetValue<string>() == username)!["id"]!.GetValue<string>();
    }

    private Task<HttpStatusCode> SetAsync(WandbClient caller, long id, string verb) => SetAsync(caller, RelayIds.Token(id), verb);

    private async Task<HttpStatusCode> SetAsync(WandbClient caller, string id, string verb)
    {
        using var response = await caller.SendAsync(HttpMethod.Post, $"/api/admin/users/{id}/{verb}", "{}");
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> ViewerStatusAsync(WandbClient client)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/graphql", """{"query": "{ viewer { username } }"}""");
        return response.StatusCode;
    }

    private async Task<(AppSession Session, string Cookie)> SignInAsync(string username)
    {
        var session = AppSession.Create(app.Factory);
        using var login = await session.LoginAsync(username, Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (session, login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
    }

    private static async Task<HttpStatusCode> WithCookieAsync(HttpClient http, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/keys");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_deactivated_users_api_key_gets_401_and_works_again_after_reactivation()
    {
        var (user, key) = await TestUsers.CreateAsync(app.Factory, "leaver1");
        var client = app.Client(key);
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(client));

        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "deactivate"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ViewerStatusAsync(client));
        var (status, _) = await client.FileStreamAsync(user.Username, "p", "r1", """{"files": {}}""");
        Assert.Equal(401, status);

        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "reactivate"));
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(client));
    }

    [Fact]
    public async Task Deactivation_ends_every_session_at_once_and_refuses_sign_in_until_reactivation()
    {
        var (user, _) = await TestUsers.CreateAsync(app.Factory, "leaver2");
        var (_, cookie) = await SignInAsync("leaver2");
        var http = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(http, cookie));

        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "deactivate"));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(http, cookie));
        using (var refused = await AppSession.Create(app.Factory).LoginAsync("leaver2", Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "reactivate"));
        var (_, fresh) = await SignInAsync("leaver2");
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(http, fresh));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(http, cookie));
    }

    [Fact]
    public async Task Every_other_silo_refuses_the_deactivated_users_key_within_seconds()
    {
        var (user, key) = await TestUsers.CreateAsync(app.Factory, "leaver5");
        // On a one-silo server (the embedded profile) the silo itself is the one to ask: an empty list would pass unasked.
        var others = app.Factory.Peers.Select(peer => new WandbClient(peer.Http, key)).DefaultIfEmpty(app.Factory.CreateWandbClient(key)).ToList();
        foreach (var other in others)
        {
            Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(other));
        }

        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "deactivate"));
        foreach (var other in others)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            HttpStatusCode status;
            while ((status = await ViewerStatusAsync(other)) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
    }

    [Fact]
    public async Task A_deactivated_members_runs_stay_readable_to_the_team_but_not_to_the_member()
    {
        await app.CreateProjectAsync(app.DaveKey, SecurityApp.Team, "deact-runs", "daverun", "team");
        var dave = await IdOfAsync("dave");
        try
        {
            Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, dave, "deactivate"));

            const string Query = """query { project(entityName: "lab", name: "deact-runs") { run(name: "daverun") { name user { username } } } }""";
            var run = (await app.Client(app.CarolKey).QueryAsync(Query))["project"]!["run"]!;
            Assert.Equal("daverun", run["name"]!.GetValue<string>());
            Assert.Equal("dave", run["user"]!["username"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Unauthorized, await ViewerStatusAsync(app.Client(app.DaveKey)));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, dave, "reactivate"));
        }
    }

    [Fact]
    public async Task Only_instance_admins_deactivate_by_opaque_id_and_never_themselves()
    {
        var (user, key) = await TestUsers.CreateAsync(app.Factory, "leaver3");
        var anonymous = app.Factory.CreateWandbClient(null);
        Assert.Equal(HttpStatusCode.Unauthorized, await SetAsync(anonymous, user.Id, "deactivate"));
        Assert.Equal(HttpStatusCode.Forbidden, await SetAsync(app.Client(app.AliceKey), user.Id, "deactivate"));
        Assert.Equal(HttpStatusCode.Forbidden, await SetAsync(app.Client(key), user.Id, "reactivate"));
        Assert.Equal(HttpStatusCode.NotFound, await SetAsync(Admin, 987_654_321, "deactivate"));
        Assert.Equal(HttpStatusCode.NotFound, await SetAsync(Admin, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "deactivate"));

        var self = await IdOfAsync(await AdminUsernameAsync());
        Assert.Equal(HttpStatusCode.BadRequest, await SetAsync(Admin, self, "deactivate"));
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(Admin));
    }

    [Fact]
    public async Task The_admin_list_shows_deactivated_users_and_the_audit_log_records_both_changes()
    {
        var (user, _) = await TestUsers.CreateAsync(app.Factory, "leaver4");
        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "deactivate"));
        using (var users = await Admin.SendAsync(HttpMethod.Get, "/api/admin/users", null))
        {
            var listed = (await users.Content.ReadFromJsonAsync<JsonArray>())!.Single(u => u!["username"]!.GetValue<string>() == "leaver4")!;
            Assert.True(listed["deactivated"]!.GetValue<bool>());
        }

        Assert.Equal(HttpStatusCode.NoContent, await SetAsync(Admin, user.Id, "reactivate"));
        var log = (await Admin.QueryAsync("{ auditLog(first: 100) { action target } }"))["auditLog"]!.AsArray();
        Assert.Contains(log, e => e!["action"]!.GetValue<string>() == "user.deactivate" && e["target"]!.GetValue<string>() == "user/leaver4");
        Assert.Contains(log, e => e!["action"]!.GetValue<string>() == "user.reactivate" && e["target"]!.GetValue<string>() == "user/leaver4");
    }

    [Fact]
    public async Task The_deactivateUser_mutation_stops_the_key_at_once_and_reactivateUser_restores_it()
    {
        var (user, key) = await TestUsers.CreateAsync(app.Factory, "leaver6");
        var client = app.Client(key);
        var id = Orleans.Wandb.Web.GraphQL.Execution.RelayIds.User(user.Id);
        const string Deactivate = "mutation($id: ID!) { deactivateUser(input: {id: $id}) { user { username } } }";
        const string Reactivate = "mutation($id: ID!) { reactivateUser(input: {id: $id}) { user { username } } }";

        var (refusedStatus, refused) = await app.Client(app.AliceKey).GraphQLAsync(Deactivate, new { id });
        Assert.True(refused?["errors"] is not null, $"{refusedStatus}: {refused}");
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(client));

        var done = await Admin.QueryAsync(Deactivate, new { id });
        Assert.Equal("leaver6", done["deactivateUser"]!["user"]!["username"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, await ViewerStatusAsync(client));

        await Admin.QueryAsync(Reactivate, new { id });
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(client));

        var (_, unknown) = await Admin.GraphQLAsync(Deactivate, new { id = "User:x" });
        Assert.Contains("is not a user id", unknown?["errors"]?.ToJsonString() ?? "", StringComparison.Ordinal);
        var log = (await Admin.QueryAsync("{ auditLog(first: 100) { action target } }"))["auditLog"]!.AsArray();
        Assert.Contains(log, e => e!["action"]!.GetValue<string>() == "user.deactivate" && e["target"]!.GetValue<string>() == "user/leaver6");
    }

    private async Task<string> AdminUsernameAsync() =>
        (await Admin.QueryAsync("{ viewer { username } }"))["viewer"]!["username"]!.GetValue<string>();
}

public sealed class EmbeddedAccountDeactivationTests(EmbeddedAccountDeactivationTests.Server server)
    : AccountDeactivationTests(server), IClassFixture<EmbeddedAccountDeactivationTests.Server>
{
    public sealed class Server() : App(() => Task.FromResult(new WandbAppFactory()));
}

/// <summary>Deactivation on a 2-silo cluster: the flag is in MySQL, and the peer silo stops the keys within seconds.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterAccountDeactivationTests(ClusterAccountDeactivationTests.Server server)
    : AccountDeactivationTests(server), IClassFixture<ClusterAccountDeactivationTests.Server>
{
    public sealed class Server() : App(() => WandbAppFactory.StartClusterAsync(silos: 2));
}
