using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// <c>createInvite</c> with the Orleans.Wandb <c>role</c> field the web app's invite form sends: a team admin adds a
/// user as viewer, member or admin in one call; anyone else is refused and nothing changes.
/// </summary>
public sealed class TeamInviteRoleTests : IClassFixture<TeamInviteRoleTests.App>
{
    private readonly App _app;

    public TeamInviteRoleTests(App app) => _app = app;

    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private const string CreateUser = "mutation($email: String!) { createUser(input: {email: $email}) { user { username apiKeys { edges { node { name } } } } } }";
    private const string Invite = "mutation($entityName: String!, $email: String, $role: String) { createInvite(input: {entityName: $entityName, email: $email, role: $role}) { invite { name } } }";
    private const string Members = "query($name: String!) { entity(name: $name) { members { username role } } }";

    [Fact]
    public async Task A_team_admin_invites_by_email_with_a_role_and_a_viewer_cannot_invite()
    {
        var admin = _app.Factory.CreateAdminClient();
        var owner = await NewUserAsync(admin, "invite-owner@example.test");
        var viewer = await NewUserAsync(admin, "invite-viewer@example.test");
        await NewUserAsync(admin, "invite-admin@example.test");
        await owner.QueryAsync("mutation { createTeam(input: {teamName: \"invite-roles\"}) { entity { name } } }");

        await owner.QueryAsync(Invite, new { entityName = "invite-roles", email = "invite-viewer@example.test", role = "viewer" });
        await owner.QueryAsync(Invite, new { entityName = "invite-roles", email = "invite-admin@example.test", role = "admin" });

        var members = (await owner.QueryAsync(Members, new { name = "invite-roles" }))["entity"]!["members"]!.AsArray()
            .ToDictionary(m => m!["username"]!.GetValue<string>(), m => m!["role"]!.GetValue<string>());
        Assert.Equal("viewer", members["invite-viewer"]);
        Assert.Equal("admin", members["invite-admin"]);

        var (_, body) = await viewer.GraphQLAsync(Invite, new { entityName = "invite-roles", email = "invite-owner@example.test", role = "viewer" });
        Assert.NotNull(body?["errors"]);
        var after = (await owner.QueryAsync(Members, new { name = "invite-roles" }))["entity"]!["members"]!.AsArray();
        Assert.Equal("admin", after.Single(m => m!["username"]!.GetValue<string>() == "invite-owner")!["role"]!.GetValue<string>());

        var (_, bad) = await owner.GraphQLAsync(Invite, new { entityName = "invite-roles", email = "invite-viewer@example.test", role = "owner" });
        Assert.Contains("not a role", bad?["errors"]?[0]?["message"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
    }

    private async Task<WandbClient> NewUserAsync(WandbClient admin, string email)
    {
        JsonNode user = (await admin.QueryAsync(CreateUser, new { email }))["createUser"]!["user"]!;
        return _app.Factory.CreateWandbClient(user["apiKeys"]!["edges"]![0]!["node"]!["name"]!.GetValue<string>());
    }
}
