using System.Text.Json.Nodes;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// Revoking access takes effect although the directory caches who a key belongs to and who is in which team: a revoked
/// key, a removed member and a member demoted to viewer are refused on their next request. The change is made through
/// <see cref="App.Changer"/> and checked through the app's own silo: on the embedded profile that is the same silo and
/// the very next request must be refused (<see cref="EmbeddedRevocationTests"/>); on a cluster the change is made on
/// another silo and must arrive promptly (<see cref="Cluster.ClusterRevocationTests"/>).
/// </summary>
public abstract class RevocationTests(RevocationTests.App app)
{
    public abstract class App : ProfileServer
    {
        /// <summary>A client of the silo where changes are made.</summary>
        public abstract WandbClient Changer(string apiKey);

        /// <summary>
        /// The status of <paramref name="request"/> once the change has reached the checking silo: the next answer on
        /// the embedded profile; on a cluster, the first answer that is <paramref name="expected"/> within a few seconds.
        /// </summary>
        public abstract Task<int> StatusAfterChangeAsync(Func<Task<int>> request, int expected);
    }

    private static string Line(int step) =>
        new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = step, ["content"] = new JsonArray($"{{\"x\": {step}, \"_step\": {step}}}") } } }.ToJsonString();

    private async Task<(string Team, string OwnerKey, string MemberKey, string MemberName)> TeamWithMemberAsync(string prefix)
    {
        var (owner, ownerKey) = await TestUsers.CreateAsync(app.Factory, prefix + "owner");
        var (member, memberKey) = await TestUsers.CreateAsync(app.Factory, prefix + "member");
        var team = prefix + "team";
        await TestUsers.CreateTeamAsync(app.Factory, team, owner.Id, (member.Id, MemberRoles.Member));
        return (team, ownerKey, memberKey, member.Username);
    }

    private static async Task<string> MemberIdAsync(WandbClient client, string team, string username)
    {
        var data = await client.QueryAsync("query($n: String!) { entity(name: $n) { members { id username } } }", new { n = team });
        return data["entity"]!["members"]!.AsArray().Single(m => m!["username"]!.GetValue<string>() == username)!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_its_next_request()
    {
        var (_, key) = await TestUsers.CreateAsync(app.Factory, "rvkeyuser");
        var client = app.Factory.CreateWandbClient(key);
        Assert.Equal(200, (await client.GraphQLAsync("{ viewer { username } }")).Status);
        var keyId = (await client.QueryAsync("{ viewer { apiKeys { edges { node { id } } } } }"))
            ["viewer"]!["apiKeys"]!["edges"]![0]!["node"]!["id"]!.GetValue<string>();

        var revoked = await app.Changer(key).QueryAsync("mutation($id: String!) { deleteApiKey(input: {id: $id}) { success } }", new { id = keyId });

        Assert.True(revoked["deleteApiKey"]!["success"]!.GetValue<bool>());
        Assert.Equal(401, await app.StatusAfterChangeAsync(async () => (await client.GraphQLAsync("{ viewer { username } }")).Status, 401));
    }

    [Fact]
    public async Task A_removed_member_cannot_write_to_the_team_on_the_next_request()
    {
        var (team, ownerKey, memberKey, memberName) = await TeamWithMemberAsync("rvrm");
        var member = app.Factory.CreateWandbClient(memberKey);
        Assert.Equal(200, (await member.FileStreamAsync(team, "work", "run00001", Line(0))).Status);
        var changer = app.Changer(ownerKey);

        await changer.QueryAsync(
            "mutation($id: String, $e: String) { deleteInvite(input: {id: $id, entityName: $e}) { success } }",
            new { id = await MemberIdAsync(changer, team, memberName), e = team });

        Assert.Equal(403, await app.StatusAfterChangeAsync(async () => (await member.FileStreamAsync(team, "work", "run00001", Line(1))).Status, 403));
    }

    [Fact]
    public async Task A_member_demoted_to_viewer_cannot_write_on_the_next_request()
    {
        var (team, ownerKey, memberKey, memberName) = await TeamWithMemberAsync("rvdm");
        var member = app.Factory.CreateWandbClient(memberKey);
        Assert.Equal(200, (await member.FileStreamAsync(team, "work", "run00001", Line(0))).Status);
        var changer = app.Changer(ownerKey);

        await changer.QueryAsync(
            "mutation($id: String!, $e: String!) { updateTeamMember(input: {memberId: $id, entityName: $e, role: \"viewer\"}) { success } }",
            new { id = await MemberIdAsync(changer, team, memberName), e = team });

        Assert.Equal(403, await app.StatusAfterChangeAsync(async () => (await member.FileStreamAsync(team, "work", "run00001", Line(1))).Status, 403));
    }
}
