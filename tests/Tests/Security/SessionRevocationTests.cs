using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// A stolen session cookie stops working the moment its owner logs out, changes their password or has it reset:
/// every session of the user ends at once (a per-user session stamp in the token), on the silo that made the change
/// at the next request and on the other silos within seconds.
/// Each profile runs the same specification (<see cref="EmbeddedSessionRevocationTests"/>, <see cref="ClusterSessionRevocationTests"/>).
/// </summary>
public abstract class SessionRevocationTests(SessionRevocationTests.App app)
{
    private const string Password = "a-first-password";

    public abstract class App : ProfileServer;

    /// <summary>A new user with a password, logged in; returns the session and a copy of its cookie, as a thief would hold it.</summary>
    private async Task<(AppSession Session, string Cookie)> LoginNewUserAsync(string username)
    {
        var admin = app.Factory.CreateAdminClient();
        using var created = await admin.SendAsync(HttpMethod.Post, "/api/admin/users",
            System.Text.Json.JsonSerializer.Serialize(new { username, email = $"{username}@example.test", password = Password, admin = false }));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        // Users an admin creates must change their password first; do that, and log in with the result.
        var first = AppSession.Create(app.Factory);
        (await first.LoginAsync(username, Password)).Dispose();
        using (var changed = await first.SendAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = Password, newPassword = Password + "-2" }))
        {
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        }

        var session = AppSession.Create(app.Factory);
        using var login = await session.LoginAsync(username, Password + "-2");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        return (session, cookie);
    }

    private static async Task<HttpStatusCode> WhoAmIAsync(HttpClient http, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/keys");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private HttpClient Thief() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    [Fact]
    public async Task Stolen_cookie_is_refused_after_its_owner_logs_out()
    {
        var (session, cookie) = await LoginNewUserAsync("revlogout");
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(Thief(), cookie));

        using (var logout = await session.SendAsync(HttpMethod.Post, "/api/session/logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(Thief(), cookie));
    }

    [Fact]
    public async Task Stolen_cookie_is_refused_after_its_owner_changes_the_password_and_the_owner_stays_signed_in()
    {
        var (session, cookie) = await LoginNewUserAsync("revchange");
        using (var changed = await session.SendAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = Password + "-2", newPassword = Password + "-3" }))
        {
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(Thief(), cookie));
        using var mine = await session.SendAsync(HttpMethod.Get, "/api/account/keys");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
    }

    [Fact]
    public async Task Stolen_cookie_is_refused_after_an_admin_resets_the_password()
    {
        var (_, cookie) = await LoginNewUserAsync("revreset");
        var admin = app.Factory.CreateAdminClient();
        using var users = await admin.SendAsync(HttpMethod.Get, "/api/admin/users", null);
        var list = await users.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonArray>();
        var id = list!.Single(u => u!["username"]!.GetValue<string>() == "revreset")!["id"]!.GetValue<string>();
        using var reset = await admin.SendAsync(HttpMethod.Post, $"/api/admin/users/{id}/password", "{}");
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(Thief(), cookie));
    }

    [Fact]
    public async Task Stolen_cookie_is_refused_by_every_other_silo_within_seconds_of_a_logout()
    {
        var (session, cookie) = await LoginNewUserAsync("revsilos");
        // On a one-silo server (the embedded profile) the silo itself is the one to ask: an empty list would pass unasked.
        var others = app.Factory.Peers.Select(peer => peer.Http).DefaultIfEmpty(app.Factory.CreateClient()).ToList();
        foreach (var other in others)
        {
            Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(other, cookie));
        }

        (await session.SendAsync(HttpMethod.Post, "/api/session/logout")).Dispose();
        foreach (var other in others)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            HttpStatusCode status;
            while ((status = await WhoAmIAsync(other, cookie)) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
    }
}

/// <summary>Session revocation on the embedded profile.</summary>
public sealed class EmbeddedSessionRevocationTests(EmbeddedSessionRevocationTests.Server server)
    : SessionRevocationTests(server), IClassFixture<EmbeddedSessionRevocationTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}

/// <summary>Session revocation on a 2-silo cluster: the stamp is grain state in MySQL, and the peer silo hears of changes.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSessionRevocationTests(ClusterSessionRevocationTests.Server server)
    : SessionRevocationTests(server), IClassFixture<ClusterSessionRevocationTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
