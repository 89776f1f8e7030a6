using System.Net;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Security;

namespace Orleans.Wandb.Tests.Scim;

/// <summary>
/// An identity provider provisions people through SCIM 2.0 (RFC 7643/7644) with an instance admin's key: users are
/// created, found by userName, updated and deactivated — a deactivated user's API key stops working on the next
/// request and their runs stay —, groups are teams whose members follow the provider. Each profile runs the same
/// specification (<see cref="EmbeddedScimProvisioningTests"/>, <see cref="ClusterScimProvisioningTests"/>).
/// </summary>
public abstract class ScimProvisioningTests(SecurityApp app)
{
    private ScimClient Scim => new(app.Factory, app.Factory.AdminApiKey);

    [Fact]
    public async Task A_created_user_is_found_by_userName_gets_a_new_email_and_is_deactivated_and_reactivated()
    {
        var created = await Scim.OkAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("scim-erin", "erin@example.invalid"), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();

        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:User", created["schemas"]![0]!.GetValue<string>());
        Assert.Equal("scim-erin", created["userName"]!.GetValue<string>());
        Assert.True(created["active"]!.GetValue<bool>());
        Assert.Equal("erin@example.invalid", created["emails"]![0]!["value"]!.GetValue<string>());
        Assert.EndsWith($"/scim/v2/Users/{id}", created["meta"]!["location"]!.GetValue<string>(), StringComparison.Ordinal);

        var found = await Scim.OkAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter("userName eq \"SCIM-ERIN\""));
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", found["schemas"]![0]!.GetValue<string>());
        Assert.Equal(1, found["totalResults"]!.GetValue<int>());
        Assert.Equal(id, found["Resources"]![0]!["id"]!.GetValue<string>());

        await Scim.OkAsync(HttpMethod.Patch, $"/Users/{id}", ScimClient.Patch(new JsonObject
        {
            ["op"] = "Replace", ["path"] = "emails[type eq \"work\"].value", ["value"] = "erin@corp.example.invalid",
        }));
        var deactivated = await Scim.OkAsync(HttpMethod.Patch, $"/Users/{id}", ScimClient.Patch(new JsonObject
        {
            ["op"] = "replace", ["value"] = new JsonObject { ["active"] = false },
        }));
        var reactivated = await Scim.OkAsync(HttpMethod.Put, $"/Users/{id}", ScimClient.UserBody("scim-erin", "erin@corp.example.invalid", active: true));

        Assert.False(deactivated["active"]!.GetValue<bool>());
        Assert.Equal("erin@corp.example.invalid", deactivated["emails"]![0]!["value"]!.GetValue<string>());
        Assert.True(reactivated["active"]!.GetValue<bool>());
        var byEmail = await Scim.OkAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter("emails.value eq \"erin@corp.example.invalid\""));
        Assert.Equal(id, byEmail["Resources"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deactivated_users_key_stops_on_the_next_request_their_runs_stay_and_the_change_is_audited()
    {
        var (_, key) = await TestUsers.CreateAsync(app.Factory, "scim-frank");
        await app.CreateProjectAsync(key, "scim-frank", "kept", "run00001", "team");
        var id = (await Scim.OkAsync(HttpMethod.Get, "/Users?" + ScimClient.Filter("userName eq \"scim-frank\"")))["Resources"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(key));

        // Entra sends "False" as a string and a path.
        await Scim.OkAsync(HttpMethod.Patch, $"/Users/{id}", ScimClient.Patch(new JsonObject { ["op"] = "Replace", ["path"] = "active", ["value"] = "False" }));

        Assert.Equal(HttpStatusCode.Unauthorized, await ViewerStatusAsync(key));
        var run = await app.Factory.CreateAdminClient().QueryAsync(
            """{ project(entityName: "scim-frank", name: "kept") { run(name: "run00001") { name } } }""");
        Assert.Equal("run00001", run["project"]!["run"]!["name"]!.GetValue<string>());
        var audit = await app.Factory.CreateAdminClient().QueryAsync("{ auditLog(first: 20) { action target } }");
        Assert.Contains(audit["auditLog"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "user.deactivate" && e["target"]!.GetValue<string>() == "user/scim-frank");

        using var deleted = (await Scim.SendAsync(HttpMethod.Delete, $"/Users/{id}")).Response;
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Scim.OkAsync(HttpMethod.Patch, $"/Users/{id}", ScimClient.Patch(new JsonObject { ["op"] = "replace", ["path"] = "active", ["value"] = true }));
        Assert.Equal(HttpStatusCode.OK, await ViewerStatusAsync(key));
    }

    [Fact]
    public async Task Users_are_paged_by_startIndex_and_count()
    {
        foreach (var name in new[] { "scim-page-a", "scim-page-b", "scim-page-c" })
        {
            await Scim.OkAsync(HttpMethod.Post, "/Users", ScimClient.UserBody(name, $"{name}@example.invalid"), HttpStatusCode.Created);
        }

        var all = await Scim.OkAsync(HttpMethod.Get, "/Users?count=200");
        var total = all["totalResults"]!.GetValue<int>();
        var first = await Scim.OkAsync(HttpMethod.Get, "/Users?startIndex=1&count=2");
        var second = await Scim.OkAsync(HttpMethod.Get, "/Users?startIndex=3&count=2");
        var none = await Scim.OkAsync(HttpMethod.Get, "/Users?count=0");

        Assert.True(total >= 3);
        Assert.Equal(2, first["itemsPerPage"]!.GetValue<int>());
        Assert.Equal(total, first["totalResults"]!.GetValue<int>());
        Assert.Equal(3, second["startIndex"]!.GetValue<int>());
        var ids = first["Resources"]!.AsArray().Concat(second["Resources"]!.AsArray()).Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(all["Resources"]!.AsArray().Take(4).Select(r => r!["id"]!.GetValue<string>()), ids);
        Assert.Equal(0, none["itemsPerPage"]!.GetValue<int>());
        Assert.Equal(total, none["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_group_is_a_team_whose_members_follow_the_identity_provider()
    {
        var gina = (await Scim.OkAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("scim-gina", "gina@example.invalid"), HttpStatusCode.Created))["id"]!.GetValue<string>();
        var hugo = (await Scim.OkAsync(HttpMethod.Post, "/Users", ScimClient.UserBody("scim-hugo", "hugo@example.invalid"), HttpStatusCode.Created))["id"]!.GetValue<string>();

        var group = await Scim.OkAsync(HttpMethod.Post, "/Groups", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Group"),
            ["displayName"] = "scim-team",
            ["members"] = new JsonArray(new JsonObject { ["value"] = gina }),
        }.ToJsonString(), HttpStatusCode.Created);
        var id = group["id"]!.GetValue<string>();
        await Scim.OkAsync(HttpMethod.Patch, $"/Groups/{id}", ScimClient.Patch(new JsonObject
        {
            ["op"] = "Add", ["path"] = "members", ["value"] = new JsonArray(new JsonObject { ["value"] = hugo }),
        }));
        var afterAdd = await Scim.OkAsync(HttpMethod.Get, "/Groups?" + ScimClient.Filter("displayName eq \"scim-team\""));
        await Scim.OkAsync(HttpMethod.Patch, $"/Groups/{id}", ScimClient.Patch(new JsonObject { ["op"] = "remove", ["path"] = $"members[value eq \"{gina}\"]" }));
        var afterRemove = await Scim.OkAsync(HttpMethod.Get, $"/Groups/{id}");

        Assert.Equal("scim-team", group["displayName"]!.GetValue<string>());
        Assert.Contains(MemberIds(group), m => m == gina);
        var listed = Assert.Single(afterAdd["Resources"]!.AsArray())!.AsObject();
        Assert.Equal(id, listed["id"]!.GetValue<string>());
        Assert.Contains(hugo, MemberIds(listed));
        Assert.Contains(gina, MemberIds(listed));
        Assert.DoesNotContain(gina, MemberIds(afterRemove));
        Assert.Contains(hugo, MemberIds(afterRemove));

        // The membership is the team's: hugo is a member in the app too.
        var team = await app.Factory.CreateAdminClient().QueryAsync("""{ entity(name: "scim-team") { members { username admin } } }""");
        Assert.Contains(team["entity"]!["members"]!.AsArray(), m => m!["username"]!.GetValue<string>() == "scim-hugo" && m["admin"]!.GetValue<bool>() == false);
        Assert.DoesNotContain(team["entity"]!["members"]!.AsArray(), m => m!["username"]!.GetValue<string>() == "scim-gina");
    }

    [Fact]
    public async Task The_service_provider_describes_what_it_supports_at_both_addresses()
    {
        var config = await Scim.OkAsync(HttpMethod.Get, "/ServiceProviderConfig");
        var types = await Scim.OkAsync(HttpMethod.Get, "/ResourceTypes");
        var schemas = await Scim.OkAsync(HttpMethod.Get, "/Schemas");
        var wandbAddress = await new ScimClient(app.Factory, app.Factory.AdminApiKey, "/scim").OkAsync(HttpMethod.Get, "/Users?count=1");

        Assert.True(config["patch"]!["supported"]!.GetValue<bool>());
        Assert.True(config["filter"]!["supported"]!.GetValue<bool>());
        Assert.False(config["bulk"]!["supported"]!.GetValue<bool>());
        Assert.Equal(["User", "Group"], types["Resources"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group"],
            schemas["Resources"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal(1, wandbAddress["itemsPerPage"]!.GetValue<int>());
    }

    private static List<string> MemberIds(JsonObject group) => group["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()).ToList();

    private async Task<HttpStatusCode> ViewerStatusAsync(string key)
    {
        using var response = await app.Factory.CreateWandbClient(key).SendAsync(HttpMethod.Post, "/graphql", """{"query": "{ viewer { username } }"}""");
        return response.StatusCode;
    }
}

/// <summary>SCIM provisioning on the embedded profile.</summary>
public sealed class EmbeddedScimProvisioningTests(EmbeddedScimProvisioningTests.Server server)
    : ScimProvisioningTests(server), IClassFixture<EmbeddedScimProvisioningTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}

/// <summary>SCIM provisioning on a 2-silo cluster (MySQL accounts).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterScimProvisioningTests(ClusterScimProvisioningTests.Server server)
    : ScimProvisioningTests(server), IClassFixture<ClusterScimProvisioningTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
