using System.Net;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Scim;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Attacks on SCIM provisioning: it is for instance admins' API keys only (not other users, not a browser session that
/// a page could ride), every input has a limit with a SCIM error body past it, ids cannot be guessed, and what names a
/// user's data (userName, a team's name) cannot be changed to take over someone else's.
/// </summary>
public sealed class ScimAttackTests(ScimAttackTests.Server app) : IClassFixture<ScimAttackTests.Server>
{
    private ScimClient Admin => new(app.Factory, app.Factory.AdminApiKey);

    [Fact]
    public async Task Anonymous_and_ordinary_users_are_refused_with_scim_errors()
    {
        var (anonymous, anonymousBody, r1) = await new ScimClient(app.Factory, null).SendAsync(HttpMethod.Get, "/Users");
        var (user, userBody, r2) = await new ScimClient(app.Factory, app.AliceKey).SendAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("scim-mallory", "m@example.invalid"));
        r1.Dispose();
        r2.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", anonymousBody!["schemas"]![0]!.GetValue<string>());
        Assert.Equal("401", anonymousBody["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, user);
        Assert.Equal("403", userBody!["status"]!.GetValue<string>());
        Assert.Empty((await Admin.OkAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter("userName eq \"scim-mallory\"")))["Resources"]!.AsArray());
    }

    [Fact]
    public async Task An_admins_browser_session_is_not_accepted_so_no_page_can_provision_on_their_behalf()
    {
        var session = AppSession.Create(app.Factory);
        using var login = await session.LoginAsync("local", "test-password-1");
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scim/v2/Users")
        {
            Content = new StringContent(ScimClient.UserBody("scim-csrf", "csrf@example.invalid"), System.Text.Encoding.UTF8, "application/scim+json"),
        };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add(AppSession.CsrfHeader, "1");

        using var response = await app.Factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("userName co \"a\"")]
    [InlineData("userName eq \"a\" or userName eq \"b\"")]
    [InlineData("externalId eq \"123\"")]
    [InlineData("userName eq")]
    public async Task A_filter_the_server_cannot_answer_exactly_is_refused_as_invalidFilter(string filter)
    {
        var (status, body, response) = await Admin.SendAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter(filter));
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalidFilter", body!["scimType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Inputs_past_their_limits_are_refused_with_a_scim_error()
    {
        var longFilter = await Admin.SendAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter($"userName eq \"{new string('a', 600)}\""));
        var hugeBody = await Admin.SendAsync(HttpMethod.Post, "/Users", $$"""{"userName": "x", "padding": "{{new string('x', 300_000)}}"}""");
        var notJson = await Admin.SendAsync(HttpMethod.Post, "/Users", "{not json");
        var tooDeep = await Admin.SendAsync(HttpMethod.Post, "/Users", string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40));
        var user = (await Admin.OkAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("scim-limits", "limits@example.invalid"), HttpStatusCode.Created))["id"]!.GetValue<string>();
        var manyOperations = await Admin.SendAsync(HttpMethod.Patch, $"/Users/{user}", ScimClient.Patch(
            Enumerable.Range(0, 101).Select(_ => new JsonObject { ["op"] = "replace", ["path"] = "active", ["value"] = true }).ToArray()));
        var badName = await Admin.SendAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("../admin", "dots@example.invalid"));

        Assert.Equal((HttpStatusCode.BadRequest, "invalidFilter"), (longFilter.Status, longFilter.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeBody.Status);
        Assert.Equal("413", hugeBody.Body!["status"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.BadRequest, "invalidSyntax"), (notJson.Status, notJson.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalidSyntax"), (tooDeep.Status, tooDeep.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "tooMany"), (manyOperations.Status, manyOperations.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalidValue"), (badName.Status, badName.Body!["scimType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Taken_names_and_emails_conflict_and_names_that_hold_data_cannot_change()
    {
        var sameName = await Admin.SendAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("ALICE", "other@example.invalid"));
        var sameTeam = await Admin.SendAsync(HttpMethod.Post, "/Groups", """{"displayName": "Lab"}""");
        var bob = (await Admin.OkAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter("userName eq \"bob\"")))["Resources"]![0]!["id"]!.GetValue<string>();
        var rename = await Admin.SendAsync(HttpMethod.Patch, $"/Users/{bob}", ScimClient.Patch(new JsonObject { ["op"] = "replace", ["path"] = "userName", ["value"] = "alice" }));
        var stealEmail = await Admin.SendAsync(HttpMethod.Put, $"/Users/{bob}", ScimClient.UserBody("bob", "alice@example.test"));
        var lab = (await Admin.OkAsync(HttpMethod.Get, "/Groups?" + ScimClient.Filter("displayName eq \"lab\"")))["Resources"]![0]!["id"]!.GetValue<string>();
        var renameTeam = await Admin.SendAsync(HttpMethod.Patch, $"/Groups/{lab}", ScimClient.Patch(new JsonObject { ["op"] = "replace", ["path"] = "displayName", ["value"] = "lab2" }));

        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (sameName.Status, sameName.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (sameTeam.Status, sameTeam.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "mutability"), (rename.Status, rename.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, stealEmail.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "mutability"), (renameTeam.Status, renameTeam.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal("bob", (await Admin.OkAsync(HttpMethod.Get, $"/Users/{bob}"))["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Guessed_or_numeric_ids_find_nothing_and_the_admin_cannot_deactivate_themselves()
    {
        var admin = (await Admin.OkAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter("userName eq \"local\"")))["Resources"]![0]!["id"]!.GetValue<string>();

        foreach (var guess in new[] { "1", "2", "AAAAAAAAAAAAAAAAAAAAAA", admin[..^1] + (admin[^1] == 'A' ? 'Q' : 'A') })
        {
            var (status, body, response) = await Admin.SendAsync(HttpMethod.Get, $"/Users/{Uri.EscapeDataString(guess)}");
            response.Dispose();
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("404", body!["status"]!.GetValue<string>());
        }

        var self = await Admin.SendAsync(HttpMethod.Patch, $"/Users/{admin}", ScimClient.Patch(new JsonObject { ["op"] = "replace", ["path"] = "active", ["value"] = false }));
        Assert.Equal((HttpStatusCode.BadRequest, "mutability"), (self.Status, self.Body!["scimType"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(HttpMethod.Get, "/Users?count=1")).Status);
    }

    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
