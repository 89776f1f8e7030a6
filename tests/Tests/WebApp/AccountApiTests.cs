using System.Net;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// API keys from the settings page (created — the key shown once — listed masked, revoked), the home page's projects,
/// and the admin endpoints: users, password resets and storage, for instance admins only.
/// Each profile runs the same specification (<see cref="EmbeddedAccountApiTests"/>, <see cref="Cluster.ClusterAccountApiTests"/>).
/// </summary>
public abstract class AccountApiTests(AccountApiTests.App app)
{
    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new()
    {
        // Any real disk is under this: where there is a disk to measure, the warning must show.
        ["STORAGE_WARNING_FREE_BYTES"] = "9000000000000000000",
    };

    public abstract class App : ProfileServer
    {
        public string UserKey { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            UserKey = (await TestUsers.CreateAsync(Factory, "dana")).ApiKey;
        }
    }

    private async Task<AppSession> AdminSessionAsync()
    {
        var session = AppSession.Create(app.Factory);
        (await session.LoginAsync("local@wandb.com", "test-password-1")).Dispose();
        return session;
    }

    [Fact]
    public async Task A_key_created_in_the_app_is_shown_once_works_for_the_clients_and_stops_being_listed_when_revoked()
    {
        var session = await AdminSessionAsync();
        var issued = await session.JsonAsync(HttpMethod.Post, "/api/account/keys", new { description = "laptop" });
        var key = issued!["key"]!.GetValue<string>();
        Assert.Matches("^local-[0-9a-f]{40}$", key);

        var data = await app.Factory.CreateWandbClient(key).QueryAsync("{ viewer { username } }");
        Assert.Equal("local", data["viewer"]!["username"]!.GetValue<string>());

        var listed = (await session.JsonAsync(HttpMethod.Get, "/api/account/keys"))!.AsArray();
        var entry = listed.Single(k => k!["description"]?.GetValue<string>() == "laptop")!;
        Assert.DoesNotContain(key, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.EndsWith(key[^4..], entry["maskedKey"]!.GetValue<string>(), StringComparison.Ordinal);

        // Key ids are opaque: they do not count the keys the server has issued.
        Assert.False(long.TryParse(entry["id"]!.GetValue<string>(), out _));

        using (var revoke = await session.SendAsync(HttpMethod.Delete, $"/api/account/keys/{entry["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.DoesNotContain((await session.JsonAsync(HttpMethod.Get, "/api/account/keys"))!.AsArray(), k => k!["id"]!.GetValue<string>() == entry["id"]!.GetValue<string>());
        using var again = await session.SendAsync(HttpMethod.Delete, $"/api/account/keys/{entry["id"]}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Nobody_can_revoke_another_users_key()
    {
        var dana = app.Factory.CreateWandbClient(app.UserKey);
        var session = await AdminSessionAsync();
        var adminKey = await session.JsonAsync(HttpMethod.Post, "/api/account/keys", new { description = "admin's" });
        using var response = await dana.SendAsync(HttpMethod.Delete, $"/api/account/keys/{adminKey!["info"]!["id"]}", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Home_lists_the_projects_of_each_entity_with_run_counts()
    {
        var dana = app.Factory.CreateWandbClient(app.UserKey);
        var (status, text) = await dana.FileStreamAsync("dana", "home-proj", "run00001",
            """{"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"loss\": 1, \"_step\": 0}"]}}}""");
        Assert.True(status == 200, text);

        using var response = await dana.SendAsync(HttpMethod.Get, "/api/account/projects", null);
        var entities = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var mine = entities.Single(e => e!["entity"]!.GetValue<string>() == "dana")!;
        var project = mine["projects"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "home-proj")!;
        Assert.Equal(1, project["runCount"]!.GetValue<int>());
        Assert.NotNull(project["lastActivityAt"]);
        Assert.DoesNotContain(entities, e => e!["entity"]!.GetValue<string>() == "local");
    }

    [Fact]
    public async Task Admin_endpoints_refuse_users_who_are_not_instance_admins()
    {
        var dana = app.Factory.CreateWandbClient(app.UserKey);
        foreach (var path in new[] { "/api/admin/users", "/api/admin/storage" })
        {
            using var response = await dana.SendAsync(HttpMethod.Get, path, null);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using var create = await dana.SendAsync(HttpMethod.Post, "/api/admin/users", """{"username":"eve","email":"eve@example.test"}""");
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_users_and_resets_passwords_that_must_then_be_changed()
    {
        var session = await AdminSessionAsync();
        var created = await session.JsonAsync(HttpMethod.Post, "/api/admin/users", new { username = "frank", email = "frank@example.test", admin = false });
        var first = created!["password"]!.GetValue<string>();
        Assert.True(created["user"]!["mustChangePassword"]!.GetValue<bool>());
        var users = (await session.JsonAsync(HttpMethod.Get, "/api/admin/users"))!.AsArray();
        Assert.Contains(users, u => u!["username"]!.GetValue<string>() == "frank");

        using (var duplicate = await session.SendAsync(HttpMethod.Post, "/api/admin/users", new { username = "frank", email = "other@example.test" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        }

        var frankId = users.Single(u => u!["username"]!.GetValue<string>() == "frank")!["id"]!.GetValue<string>();
        var reset = await session.JsonAsync(HttpMethod.Post, $"/api/admin/users/{frankId}/password", new { });
        var second = reset!["password"]!.GetValue<string>();
        Assert.NotEqual(first, second);

        using (var old = await AppSession.Create(app.Factory).LoginAsync("frank", first))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        var login = await AppSession.Create(app.Factory).JsonAsync(HttpMethod.Post, "/api/session/login", new { login = "frank@example.test", password = second });
        Assert.True(login!["mustChangePassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Storage_shows_bytes_per_project_and_the_free_space_of_the_profile()
    {
        var admin = app.Factory.CreateAdminClient();
        var (status, text) = await admin.FileStreamAsync("local", "storage-proj", "run00001",
            """{"files":{"wandb-history.jsonl":{"offset":0,"content":["{\"loss\": 1, \"_step\": 0}","{\"loss\": 0.5, \"_step\": 1}"]}}}""");
        Assert.True(status == 200, text);

        using var response = await admin.SendAsync(HttpMethod.Get, "/api/admin/storage", null);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var project = report["projects"]!.AsArray().Single(p => p!["project"]!.GetValue<string>() == "storage-proj")!;
        Assert.Equal("local", project["entity"]!.GetValue<string>());
        Assert.Equal(1, project["runCount"]!.GetValue<int>());
        Assert.True(project["historyBytes"]!.GetValue<long>() > 0, report.ToJsonString());
        AssertFreeSpace(report);
    }

    /// <summary>What the storage report says about free space on this profile's storage.</summary>
    protected abstract void AssertFreeSpace(JsonNode report);
}
