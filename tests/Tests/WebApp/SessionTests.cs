using System.Net;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// Web app logins: a JWT in an HttpOnly, SameSite=Strict cookie with an expiry, accepted by the API routes like an
/// API key; cookie-authenticated writes need the CSRF header; a temporary password allows nothing but changing it;
/// logout ends the session.
/// Each profile runs the same specification (<see cref="EmbeddedSessionTests"/>, <see cref="Cluster.ClusterSessionTests"/>).
/// </summary>
public abstract class SessionTests(SessionTests.App app)
{
    private const string AdminPassword = "test-password-1";

    public abstract class App : ProfileServer;

    [Fact]
    public async Task Logging_in_sets_an_httponly_samesite_cookie_that_the_graphql_api_accepts()
    {
        var session = AppSession.Create(app.Factory);
        using var login = await session.LoginAsync("local@wandb.com", AdminPassword);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("wandb_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        var body = JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
        Assert.False(body["mustChangePassword"]!.GetValue<bool>());
        Assert.Equal("local", body["username"]!.GetValue<string>());

        var (status, answer) = await session.GraphQLAsync("{ viewer { username admin } }");
        Assert.Equal(200, status);
        Assert.Equal("local", answer!["data"]!["viewer"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_username_works_as_login_too_and_a_wrong_password_is_refused()
    {
        var session = AppSession.Create(app.Factory);
        using var wrong = await session.LoginAsync("local", "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var right = await session.LoginAsync("local", AdminPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Cookie_authenticated_writes_without_the_csrf_header_are_refused_and_reads_are_not()
    {
        var session = AppSession.Create(app.Factory);
        (await session.LoginAsync("local@wandb.com", AdminPassword)).Dispose();

        var (status, _) = await session.GraphQLAsync("{ viewer { username } }", csrf: false);
        Assert.Equal(401, status);
        using (var create = await session.SendAsync(HttpMethod.Post, "/api/account/keys", new { description = "csrf" }, csrf: false))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        }

        using (var logout = await session.SendAsync(HttpMethod.Post, "/api/session/logout", csrf: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
        }

        using var read = await session.SendAsync(HttpMethod.Get, "/api/account/keys", csrf: false);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_login_form_posted_without_the_csrf_header_is_refused()
    {
        using var login = await AppSession.Create(app.Factory).LoginAsync("local@wandb.com", AdminPassword, csrf: false);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
    }

    [Fact]
    public async Task Api_key_requests_need_no_csrf_header()
    {
        var client = app.Factory.CreateAdminClient();
        var data = await client.QueryAsync("{ viewer { username } }");
        Assert.Equal("local", data["viewer"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_temporary_password_allows_nothing_but_choosing_a_new_one()
    {
        var admin = app.Factory.CreateAdminClient();
        using var created = await admin.SendAsync(HttpMethod.Post, "/api/admin/users",
            """{"username":"temp-user","email":"temp@example.test","admin":false}""");
        var temporary = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["password"]!.GetValue<string>();

        var session = AppSession.Create(app.Factory);
        var login = await session.JsonAsync(HttpMethod.Post, "/api/session/login", new { login = "temp@example.test", password = temporary });
        Assert.True(login!["mustChangePassword"]!.GetValue<bool>());
        using (var keys = await session.SendAsync(HttpMethod.Get, "/api/account/keys"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, keys.StatusCode);
        }

        Assert.Equal(401, (await session.GraphQLAsync("{ viewer { username } }")).Status);

        using (var tooShort = await session.SendAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = temporary, newPassword = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
            // The rule, as a person reads it: not .NET's " (Parameter 'password')" tail (issue #15).
            var problem = JsonNode.Parse(await tooShort.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
            Assert.Equal("A password needs 8 to 256 characters.", problem);
        }

        var changed = await session.JsonAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = temporary, newPassword = "a-good-password" });
        Assert.False(changed!["mustChangePassword"]!.GetValue<bool>());
        Assert.Equal(200, (await session.GraphQLAsync("{ viewer { username } }")).Status);

        using var old = await AppSession.Create(app.Factory).LoginAsync("temp-user", temporary);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        var session = AppSession.Create(app.Factory);
        (await session.LoginAsync("local@wandb.com", AdminPassword)).Dispose();
        Assert.NotNull(await session.JsonAsync(HttpMethod.Get, "/api/session"));

        using var logout = await session.SendAsync(HttpMethod.Post, "/api/session/logout");
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Contains("expires=Thu, 01 Jan 1970", string.Join(";", logout.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        using var who = await session.SendAsync(HttpMethod.Get, "/api/session");
        Assert.Equal(HttpStatusCode.NoContent, who.StatusCode);
        Assert.Equal(401, (await session.GraphQLAsync("{ viewer { username } }")).Status);
    }

    [Fact]
    public async Task A_forged_session_cookie_is_ignored()
    {
        var http = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/keys");
        request.Headers.Add("Cookie", "wandb_session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
