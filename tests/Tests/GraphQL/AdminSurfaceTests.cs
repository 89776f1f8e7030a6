using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// The documents of Py16's admin surface (wire reference §9.5), sent as the client sends them, in the order
/// <c>api.create_user</c> → <c>generate_api_key</c> → <c>create_team</c> → <c>team.invite</c> →
/// <c>create_service_account</c> → <c>member.delete</c> → <c>delete_api_key</c> uses them; plus <c>upsertModel</c>
/// with <c>access</c>, and the audit log those calls leave.
/// </summary>
public sealed class AdminSurfaceTests : IClassFixture<AdminSurfaceTests.App>
{
    private readonly App _app;

    public AdminSurfaceTests(App app) => _app = app;

    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private const string SearchUsers = "query SearchUsers($query: String) { users(query: $query) { edges { node { id flags entity admin email deletedAt username apiKeys { edges { node { id name description } } } teams { edges { node { name } } } } } } }";
    private const string CreateUser = "mutation CreateUserFromAdmin($email: String!, $admin: Boolean) { createUser(input: {email: $email, admin: $admin}) { user { id name username email admin apiKeys { edges { node { id name description } } } } } }";
    private const string GenerateApiKey = "mutation GenerateApiKey($description: String) { generateApiKey(input: {description: $description}) { apiKey { id name } } }";
    private const string DeleteApiKey = "mutation DeleteApiKey($id: String!) { deleteApiKey(input: {id: $id}) { success } }";
    private const string CreateTeam = "mutation CreateTeam($teamName: String!, $teamAdminUserName: String) { createTeam(input: {teamName: $teamName, teamAdminUserName: $teamAdminUserName}) { entity { id name available photoUrl limits } } }";
    private const string Entity = "query Entity($name: String!) { entity(name: $name) { id name available photoUrl readOnly readOnlyAdmin isTeam privateOnly storageBytes codeSavingEnabled defaultAccess isPaid members { id admin pending email username name photoUrl accountType apiKey } } }";
    private const string CreateInvite = "mutation CreateInvite($entityName: String!, $email: String, $username: String, $admin: Boolean) { createInvite(input: {entityName: $entityName, email: $email, username: $username, admin: $admin}) { invite { id name email createdAt toUser { name } } } }";
    private const string DeleteInvite = "mutation DeleteInvite($id: String, $entityName: String) { deleteInvite(input: {id: $id, entityName: $entityName}) { success } }";
    private const string CreateServiceAccount = "mutation CreateServiceAccount($entityName: String!, $description: String!) { createServiceAccount(input: {description: $description, entityName: $entityName}) { user { id } } }";
    private const string UpsertModel = "mutation upsertModel($description: String, $entityName: String, $id: String, $name: String, $framework: String, $access: String, $views: JSONString) { upsertModel(input: {description: $description, entityName: $entityName, id: $id, name: $name, framework: $framework, access: $access, views: $views}) { project { id name entityName description access views } model { id name entityName description access views } } }";

    [Fact]
    public async Task The_admin_surface_creates_users_keys_teams_members_and_service_accounts_as_Py16_expects()
    {
        var admin = _app.Factory.CreateAdminClient();

        // api.create_user: the new user's key is in this one answer, in plain text.
        var created = await admin.QueryAsync(CreateUser, new { email = "dana@example.test", admin = false });
        var user = created["createUser"]!["user"]!;
        Assert.Equal("dana", user["username"]!.GetValue<string>());
        var danaKey = user["apiKeys"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>();
        Assert.StartsWith("local-", danaKey, StringComparison.Ordinal);
        Assert.Equal(46, danaKey.Length);

        // user.generate_api_key, sent with the user's own key; the key comes back as ApiKey.name.
        var dana = _app.Factory.CreateWandbClient(danaKey);
        var generated = (await dana.QueryAsync(GenerateApiKey, new { description = "ci" }))["generateApiKey"]!["apiKey"]!;
        var secondKey = generated["name"]!.GetValue<string>();
        Assert.NotNull((await _app.Factory.CreateWandbClient(secondKey).QueryAsync("{ viewer { username } }"))["viewer"]);

        // Listings show keys masked.
        var search = await admin.QueryAsync(SearchUsers, new { query = "dana" });
        var listed = search["users"]!["edges"]!.AsArray().Single()!["node"]!;
        Assert.DoesNotContain(secondKey, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(2, listed["apiKeys"]!["edges"]!.AsArray().Count);

        // Only server admins search users.
        var (_, refused) = await dana.GraphQLAsync(SearchUsers, new { query = "" });
        Assert.NotNull(refused!["errors"]);

        // user.delete_api_key
        var deleted = await dana.QueryAsync(DeleteApiKey, new { id = generated["id"]!.GetValue<string>() });
        Assert.True(deleted["deleteApiKey"]!["success"]!.GetValue<bool>());
        // The key stops authenticating within the directory's cache lifetime; its listing is gone at once.
        var keys = await dana.QueryAsync("{ viewer { apiKeys { edges { node { id } } } } }");
        Assert.Single(keys["viewer"]!["apiKeys"]!["edges"]!.AsArray());

        // api.create_team with an admin, then api.team(name).
        var team = await admin.QueryAsync(CreateTeam, new { teamName = "surface", teamAdminUserName = "dana" });
        Assert.Equal("surface", team["createTeam"]!["entity"]!["name"]!.GetValue<string>());
        var entity = (await dana.QueryAsync(Entity, new { name = "surface" }))["entity"]!;
        Assert.True(entity["isTeam"]!.GetValue<bool>());
        var members = entity["members"]!.AsArray();
        Assert.Equal("dana", Assert.Single(members)!["username"]!.GetValue<string>());
        Assert.True(members[0]!["admin"]!.GetValue<bool>());

        // team.invite by email, then member.delete with the member's id.
        await admin.QueryAsync(CreateUser, new { email = "eli@example.test", admin = false });
        var invite = await dana.QueryAsync(CreateInvite, new { entityName = "surface", email = "eli@example.test", admin = false });
        Assert.Equal("eli", invite["createInvite"]!["invite"]!["name"]!.GetValue<string>());
        entity = (await dana.QueryAsync(Entity, new { name = "surface" }))["entity"]!;
        var eli = entity["members"]!.AsArray().Single(m => m!["username"]!.GetValue<string>() == "eli")!;
        Assert.Equal("MEMBER", eli["accountType"]!.GetValue<string>());
        var removed = await dana.QueryAsync(DeleteInvite, new { id = eli["id"]!.GetValue<string>(), entityName = "surface" });
        Assert.True(removed["deleteInvite"]!["success"]!.GetValue<bool>());

        // team.create_service_account: the new member is the last one, and its key works and logs into the team.
        await dana.QueryAsync(CreateServiceAccount, new { entityName = "surface", description = "nightly" });
        entity = (await dana.QueryAsync(Entity, new { name = "surface" }))["entity"]!;
        var service = entity["members"]!.AsArray()[^1]!;
        Assert.Equal("SERVICE", service["accountType"]!.GetValue<string>());
        var serviceKey = service["apiKey"]!.GetValue<string>();
        var serviceViewer = await _app.Factory.CreateWandbClient(serviceKey).QueryAsync("{ viewer { entity } }");
        Assert.Equal("surface", serviceViewer["viewer"]!["entity"]!.GetValue<string>());

        // api.create_project with a visibility; Project.access reads it back.
        var project = await dana.QueryAsync(UpsertModel, new { entityName = "surface", name = "vision", access = "PRIVATE", description = "cats" });
        Assert.Equal("private", project["upsertModel"]!["project"]!["access"]!.GetValue<string>());
        Assert.Equal("cats", project["upsertModel"]!["project"]!["description"]!.GetValue<string>());

        // Every change above is in the audit log, readable by server admins only.
        var audit = await admin.QueryAsync("{ auditLog(first: 100) { actor action target address } }");
        var actions = audit["auditLog"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToHashSet();
        foreach (var action in new[] { "user.create", "apikey.create", "apikey.revoke", "team.create", "team.member.add", "team.member.remove", "team.service-account.create", "project.visibility" })
        {
            Assert.Contains(action, actions);
        }

        var (_, notAdmin) = await dana.GraphQLAsync("{ auditLog { action } }");
        Assert.NotNull(notAdmin!["errors"]);
    }

    [Fact]
    public async Task A_team_member_sees_a_service_account_but_not_its_key()
    {
        var admin = _app.Factory.CreateAdminClient();
        var fay = (await admin.QueryAsync(CreateUser, new { email = "fay@example.test", admin = false }))["createUser"]!["user"]!;
        var fayKey = fay["apiKeys"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>();
        await admin.QueryAsync(CreateTeam, new { teamName = "keyless", teamAdminUserName = (string?)null });
        await admin.QueryAsync(CreateInvite, new { entityName = "keyless", username = "fay", admin = false });
        await admin.QueryAsync(CreateServiceAccount, new { entityName = "keyless", description = "cron" });

        var asMember = (await _app.Factory.CreateWandbClient(fayKey).QueryAsync(Entity, new { name = "keyless" }))["entity"]!;
        var service = asMember["members"]!.AsArray().Single(m => m!["accountType"]!.GetValue<string>() == "SERVICE")!;
        Assert.Null(service["apiKey"]);
        var asAdmin = (await admin.QueryAsync(Entity, new { name = "keyless" }))["entity"]!;
        Assert.NotNull(asAdmin["members"]!.AsArray().Single(m => m!["accountType"]!.GetValue<string>() == "SERVICE")!["apiKey"]);
        Assert.IsType<JsonArray>(asAdmin["members"]);
    }
}
