using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// The cast of the outside review, on one running app per profile: two ordinary users (alice, bob), a team <c>lab</c>
/// that alice owns with a member (dave) and a viewer (carol), and the server admin. Each test uses its own projects.
/// </summary>
public abstract class SecurityApp : ProfileServer
{
    public const string Team = "lab";

    public string AliceKey { get; private set; } = "";
    public string BobKey { get; private set; } = "";
    public string CarolKey { get; private set; } = "";
    public string DaveKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (alice, aliceKey) = await TestUsers.CreateAsync(Factory, "alice");
        var (_, bobKey) = await TestUsers.CreateAsync(Factory, "bob");
        var (carol, carolKey) = await TestUsers.CreateAsync(Factory, "carol");
        var (dave, daveKey) = await TestUsers.CreateAsync(Factory, "dave");
        await TestUsers.CreateTeamAsync(Factory, Team, alice.Id, (carol.Id, MemberRoles.Viewer), (dave.Id, MemberRoles.Member));
        (AliceKey, BobKey, CarolKey, DaveKey) = (aliceKey, bobKey, carolKey, daveKey);
    }

    public WandbClient Client(string key) => Factory.CreateWandbClient(key);

    /// <summary>Creates the project (by streaming one history line into a run) and sets its visibility (<c>team</c> is the default).</summary>
    public async Task CreateProjectAsync(string ownerKey, string entity, string project, string run, string access)
    {
        var owner = Client(ownerKey);
        var (status, body) = await owner.FileStreamAsync(entity, project, run,
            """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"_step\": 0}"]}}}""");
        Assert.True(status == 200, body);
        if (access != "team")
        {
            // Only the entity's admin sets visibility: alice, for her own entity and the team.
            await Client(entity == Team ? AliceKey : ownerKey).QueryAsync(
                "mutation($e: String, $p: String, $a: String) { upsertModel(input: {entityName: $e, name: $p, access: $a}) { project { access } } }",
                new { e = entity, p = project, a = access });
        }
    }

    /// <summary>Uploads a run file through the URL <c>createRunFiles</c> hands out, and reports the upload as the clients do.</summary>
    public async Task UploadRunFileAsync(string key, string entity, string project, string run, string name, byte[] bytes)
    {
        var client = Client(key);
        var files = await client.QueryAsync(
            "mutation($e: String!, $p: String!, $r: String!, $f: [String!]!) { createRunFiles(input: {entityName: $e, projectName: $p, runName: $r, files: $f}) { files { name uploadUrl } uploadHeaders } }",
            new { e = entity, p = project, r = run, f = new[] { name } });
        var url = files["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>();
        var headers = files["createRunFiles"]!["uploadHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        using var put = await new Artifacts.ArtifactClient(client, entity, project).SendPutAsync(url, new ByteArrayContent(bytes), headers);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        // As the clients do once an upload lands (a PUT straight to the blob store registers only when reported).
        var (reported, body) = await client.FileStreamAsync(entity, project, run, new System.Text.Json.Nodes.JsonObject
        {
            ["uploaded"] = new System.Text.Json.Nodes.JsonArray(name),
        }.ToJsonString());
        Assert.True(reported == 200, body);
    }
}
