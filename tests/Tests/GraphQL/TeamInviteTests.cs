using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// Inviting an email that has no account leaves a pending invite: team admins see it on the team and may revoke it,
/// and whoever is created with that email later — on the admin page or through <c>createUser</c> — joins the team with
/// the invited role. Invites, their acceptance and their revocation, and users created on the admin page, are audited.
/// </summary>
public sealed class TeamInviteTests(TeamInviteTests.App app) : IClassFixture<TeamInviteTests.App>
{
    public sealed class App : IDisposable
    {
        public WandbAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private const string Invite =
        "mutation($e: String!, $email: String, $role: String) { createInvite(input: {entityName: $e, email: $email, role: $role}) { invite { id name email role pending toUser { username } } } }";

    private const string Team = "query($n: String!) { entity(name: $n) { members { username role } invites { id email role createdAt } } }";

    private const string Revoke = "mutation($e: String, $id: String) { deleteInvite(input: {entityName: $e, id: $id}) { success } }";

    private async Task<(WandbClient Owner, WandbClient Member)> TeamAsync(string team)
    {
        var (owner, ownerKey) = await TestUsers.CreateAsync(app.Factory, team + "own");
        var (member, memberKey) = await TestUsers.CreateAsync(app.Factory, team + "mem");
        await TestUsers.CreateTeamAsync(app.Factory, team, owner.Id, (member.Id, "member"));
        return (app.Factory.CreateWandbClient(ownerKey), app.Factory.CreateWandbClient(memberKey));
    }

    private static async Task<JsonObject> MembersAsync(WandbClient client, string team)
    {
        var entity = (await client.QueryAsync(Team, new { n = team }))["entity"]!;
        var members = new JsonObject();
        foreach (var member in entity["members"]!.AsArray())
        {
            members[member!["username"]!.GetValue<string>()] = member["role"]!.GetValue<string>();
        }

        return members;
    }

    private async Task<HttpResponseMessage> CreateUserOnAdminPageAsync(string username, string email) =>
        await app.Factory.CreateAdminClient().SendAsync(
            HttpMethod.Post, "/api/admin/users", JsonSerializer.Serialize(new { username, email, admin = false }));

    private async Task<IReadOnlyList<string>> AuditAsync() =>
        (await app.Factory.CreateAdminClient().QueryAsync("{ auditLog(first: 500) { action target detail } }"))["auditLog"]!.AsArray()
            .Select(e => $"{e!["action"]} {e["target"]} {e["detail"]}").ToList();

    [Fact]
    public async Task Inviting_an_email_without_an_account_leaves_a_pending_invite_only_team_admins_see()
    {
        var (owner, member) = await TeamAsync("invpend");

        var invite = (await owner.QueryAsync(Invite, new { e = "invpend", email = "New.Person@Example.test", role = "viewer" }))["createInvite"]!["invite"]!;

        Assert.True(invite["pending"]!.GetValue<bool>());
        Assert.Equal("new.person@example.test", invite["email"]!.GetValue<string>());
        Assert.Equal("viewer", invite["role"]!.GetValue<string>());
        Assert.Null(invite["toUser"]);
        var listed = Assert.Single((await owner.QueryAsync(Team, new { n = "invpend" }))["entity"]!["invites"]!.AsArray());
        Assert.Equal(invite["id"]!.GetValue<string>(), listed!["id"]!.GetValue<string>());
        Assert.Empty((await member.QueryAsync(Team, new { n = "invpend" }))["entity"]!["invites"]!.AsArray());
        Assert.DoesNotContain("new.person", (await member.GraphQLAsync(Team, new { n = "invpend" })).Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("team.invite.create team/invpend email=new.person@example.test role=viewer", await AuditAsync());
    }

    [Fact]
    public async Task A_user_created_on_the_admin_page_with_an_invited_email_joins_with_the_invited_role()
    {
        var (owner, _) = await TeamAsync("invadm");
        await owner.QueryAsync(Invite, new { e = "invadm", email = "ivy@example.test", role = "viewer" });

        using var created = await CreateUserOnAdminPageAsync("ivy", "Ivy@Example.test");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("viewer", (await MembersAsync(owner, "invadm"))["ivy"]!.GetValue<string>());
        Assert.Empty((await owner.QueryAsync(Team, new { n = "invadm" }))["entity"]!["invites"]!.AsArray());
        var audit = await AuditAsync();
        Assert.Contains("user.create user/ivy ", audit);
        Assert.Contains("team.invite.accept team/invadm user=ivy email=ivy@example.test role=viewer", audit);
    }

    [Fact]
    public async Task A_user_created_through_createUser_with_an_invited_email_joins_every_team_that_invited_them()
    {
        var (first, _) = await TeamAsync("invgqa");
        var (second, _) = await TeamAsync("invgqb");
        await first.QueryAsync(Invite, new { e = "invgqa", email = "gus@example.test", role = "admin" });
        await second.QueryAsync(Invite, new { e = "invgqb", email = "gus@example.test", role = "member" });

        await app.Factory.CreateAdminClient().QueryAsync("mutation { createUser(input: {email: \"gus@example.test\"}) { user { username } } }");

        Assert.Equal("admin", (await MembersAsync(first, "invgqa"))["gus"]!.GetValue<string>());
        Assert.Equal("member", (await MembersAsync(second, "invgqb"))["gus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_invite_is_gone_and_the_later_account_joins_nothing()
    {
        var (owner, member) = await TeamAsync("invrev");
        var id = (await owner.QueryAsync(Invite, new { e = "invrev", email = "rex@example.test", role = "member" }))["createInvite"]!["invite"]!["id"]!.GetValue<string>();

        var (memberStatus, memberBody) = await member.GraphQLAsync(Revoke, new { e = "invrev", id });
        Assert.Equal(403, memberStatus);
        Assert.NotNull(memberBody!["errors"]);
        Assert.Single((await owner.QueryAsync(Team, new { n = "invrev" }))["entity"]!["invites"]!.AsArray());

        var revoked = await owner.QueryAsync(Revoke, new { e = "invrev", id });

        Assert.True(revoked["deleteInvite"]!["success"]!.GetValue<bool>());
        Assert.Empty((await owner.QueryAsync(Team, new { n = "invrev" }))["entity"]!["invites"]!.AsArray());
        using var created = await CreateUserOnAdminPageAsync("rex", "rex@example.test");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.False((await MembersAsync(owner, "invrev")).ContainsKey("rex"));
        Assert.Contains("team.invite.revoke team/invrev email=rex@example.test", await AuditAsync());
    }

    [Fact]
    public async Task Inviting_an_existing_user_adds_them_at_once_and_an_unknown_username_or_a_malformed_email_is_an_error()
    {
        var (owner, _) = await TeamAsync("invnow");
        await TestUsers.CreateAsync(app.Factory, "nowuser");

        var invite = (await owner.QueryAsync(Invite, new { e = "invnow", email = "nowuser@example.test", role = "member" }))["createInvite"]!["invite"]!;
        var (_, unknown) = await owner.GraphQLAsync(
            "mutation { createInvite(input: {entityName: \"invnow\", username: \"nobody-here\"}) { invite { id } } }");

        Assert.False(invite["pending"]!.GetValue<bool>());
        Assert.Equal("nowuser", invite["toUser"]!["username"]!.GetValue<string>());
        Assert.Equal("member", (await MembersAsync(owner, "invnow"))["nowuser"]!.GetValue<string>());
        Assert.Contains("no user 'nobody-here'", unknown!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, malformed) = await owner.GraphQLAsync(Invite, new { e = "invnow", email = "@example.test", role = "member" });
        Assert.Contains("not an email address", malformed!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
