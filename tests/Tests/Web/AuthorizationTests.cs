using System.Net;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// A key writes only to entities its user belongs to (403 otherwise, nothing stored), and reads of what the
/// user may not see look like "not found". Team members write, team viewers only read.
/// Each profile runs the same specification (<see cref="EmbeddedAuthorizationTests"/>, <see cref="Cluster.ClusterAuthorizationTests"/>).
/// </summary>
public abstract class AuthorizationTests(AuthorizationTests.App app)
{
    public abstract class App : ProfileServer
    {
        public string AliceKey { get; private set; } = "";
        public string BobKey { get; private set; } = "";
        public string CarolKey { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var (alice, aliceKey) = await TestUsers.CreateAsync(Factory, "alice");
            var (bob, bobKey) = await TestUsers.CreateAsync(Factory, "bob");
            var (carol, carolKey) = await TestUsers.CreateAsync(Factory, "carol");
            await TestUsers.CreateTeamAsync(Factory, "vision", alice.Id, (bob.Id, MemberRoles.Member), (carol.Id, MemberRoles.Viewer));
            (AliceKey, BobKey, CarolKey) = (aliceKey, bobKey, carolKey);

            // Alice's private run, which others may not read or write.
            var (status, body) = await Factory.CreateWandbClient(aliceKey).FileStreamAsync("alice", "secret", "run00001", Line(0));
            Assert.True(status == 200, body);
        }
    }

    private static string Line(int offset) =>
        new JsonObject { ["files"] = new JsonObject { ["wandb-history.jsonl"] = new JsonObject { ["offset"] = offset, ["content"] = new JsonArray($"{{\"x\": {offset}, \"_step\": {offset}}}") } } }.ToJsonString();

    private const string UpsertBucket =
        """
        mutation UpsertBucket($name: String, $project: String, $entity: String) {
          upsertBucket(input: {name: $name, modelName: $project, entityName: $entity}) { bucket { id name } inserted }
        }
        """;

    [Fact]
    public async Task Streaming_into_another_users_entity_is_403_and_stores_nothing()
    {
        var (status, body) = await app.Factory.CreateWandbClient(app.BobKey).FileStreamAsync("alice", "secret", "run00001", Line(1));
        Assert.Equal(403, status);
        Assert.Contains("alice", body, StringComparison.Ordinal);
        var run = await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From("alice", "secret", "run00001")).GetAsync();
        Assert.Equal(1, run!.HistoryLineCount);
    }

    [Fact]
    public async Task Creating_a_run_in_another_users_entity_is_403_with_a_message()
    {
        var (status, body) = await app.Factory.CreateWandbClient(app.BobKey).GraphQLAsync(UpsertBucket, new { name = "intruder", project = "secret", entity = "alice" });
        Assert.Equal(403, status);
        Assert.Contains("Permission denied", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await app.Factory.Grains.GetGrain<IRunGrain>(RunKey.From("alice", "secret", "intruder")).GetAsync());
    }

    [Fact]
    public async Task Upload_urls_for_another_users_run_are_refused()
    {
        var (status, _) = await app.Factory.CreateWandbClient(app.BobKey).GraphQLAsync(
            """
            mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
              createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) { runID files { name uploadUrl } }
            }
            """, new { entity = "alice", project = "secret", run = "run00001", files = new[] { "x.txt" } });
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Another_users_project_reads_as_not_found()
    {
        var (status, body) = await app.Factory.CreateWandbClient(app.BobKey).GraphQLAsync(
            """query { project(name: "secret", entityName: "alice") { run(name: "run00001") { historyLineCount } } }""");
        Assert.Equal(200, status);
        Assert.Null(body!["data"]!["project"]);
        using var file = await app.Factory.CreateWandbClient(app.BobKey).SendAsync(HttpMethod.Get, "/files/alice/secret/run00001/output.log", null);
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
    }

    [Fact]
    public async Task A_team_member_writes_to_the_team_and_a_viewer_may_only_read()
    {
        Assert.Equal(200, (await app.Factory.CreateWandbClient(app.BobKey).FileStreamAsync("vision", "shared", "run00002", Line(0))).Status);
        Assert.Equal(403, (await app.Factory.CreateWandbClient(app.CarolKey).FileStreamAsync("vision", "shared", "run00002", Line(1))).Status);

        var data = await app.Factory.CreateWandbClient(app.CarolKey).QueryAsync(
            """query { project(name: "shared", entityName: "vision") { run(name: "run00002") { historyLineCount } } }""");
        Assert.Equal(1, data["project"]!["run"]!["historyLineCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_user_without_a_team_cannot_see_the_teams_runs()
    {
        var (_, daveKey) = await TestUsers.CreateAsync(app.Factory, "dave");
        var data = await app.Factory.CreateWandbClient(daveKey).QueryAsync(
            """query { project(name: "shared", entityName: "vision") { id } }""");
        Assert.Null(data["project"]);
    }
}
