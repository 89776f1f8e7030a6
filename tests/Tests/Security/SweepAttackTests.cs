using System.Text;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Security;

/// <summary>
/// Sweeps under attack: reading or steering someone else's sweep through its name, its id or a forged agent id, and
/// inputs past the sweep caps. Every refusal answers as for a sweep that does not exist, or with a permission error
/// to a caller who may read but not write.
/// </summary>
public sealed class SweepAttackTests(SweepAttackTests.App app) : IClassFixture<SweepAttackTests.App>
{
    public sealed class App : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }

    private const string Config = "method: grid\nparameters:\n  x: {values: [1, 2, 3]}\n";

    private async Task<(string Id, string Name)> SweepAsync(string key, string entity, string project)
    {
        var data = await app.Client(key).QueryAsync(
            "mutation($e: String, $p: String, $c: String) { upsertSweep(input: {entityName: $e, projectName: $p, config: $c}) { sweep { id name } } }",
            new { e = entity, p = project, c = Config });
        return (data["upsertSweep"]!["sweep"]!["id"]!.GetValue<string>(), data["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>());
    }

    private async Task<string> AgentAsync(string key, string entity, string project, string sweep) =>
        (await app.Client(key).QueryAsync(
            "mutation($e: String, $p: String, $s: String!) { createAgent(input: {entityName: $e, projectName: $p, sweep: $s, host: \"h\"}) { agent { id } } }",
            new { e = entity, p = project, s = sweep }))["createAgent"]!["agent"]!["id"]!.GetValue<string>();

    [Fact]
    public async Task Outsider_CannotRead_PrivateSweep_ByName()
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", "secret-sweeps", "r0000001", "private");
        var (_, name) = await SweepAsync(app.AliceKey, "alice", "secret-sweeps");

        var read = await app.Client(app.BobKey).QueryAsync(
            "query($s: String!) { project(entityName: \"alice\", name: \"secret-sweeps\") { sweep(sweepName: $s) { config } totalSweeps } }", new { s = name });

        Assert.Null(read["project"]);
    }

    [Fact]
    public async Task Outsider_CannotSteer_Sweep_ById_AndTheAnswerMatchesAMissingSweep()
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", "steer", "r0000002", "private");
        var (id, _) = await SweepAsync(app.AliceKey, "alice", "steer");
        var missing = Convert.ToBase64String(Encoding.UTF8.GetBytes("Sweep:alice/steer/zzzzzzzz"));
        const string pause = "mutation($id: ID) { upsertSweep(input: {id: $id, state: \"CANCELED\"}) { sweep { state } } }";

        var probed = await app.Client(app.BobKey).GraphQLAsync(pause, new { id });
        var absent = await app.Client(app.BobKey).GraphQLAsync(pause, new { id = missing });

        Assert.Equal(absent.Status, probed.Status);
        Assert.Equal(absent.Body!["errors"]![0]!["message"]!.GetValue<string>().Replace(missing, "ID"),
            probed.Body!["errors"]![0]!["message"]!.GetValue<string>().Replace(id, "ID"));
        var state = await app.Client(app.AliceKey).QueryAsync(
            "query { project(entityName: \"alice\", name: \"steer\") { sweeps { edges { node { state } } } } }");
        Assert.Equal("RUNNING", state["project"]!["sweeps"]!["edges"]![0]!["node"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Viewer_CanReadTeamSweep_ButCannotHeartbeat_RegisterAgents_OrPause()
    {
        await app.CreateProjectAsync(app.AliceKey, SecurityApp.Team, "team-sweep", "r0000003", "team");
        var (id, name) = await SweepAsync(app.DaveKey, SecurityApp.Team, "team-sweep");
        var agent = await AgentAsync(app.DaveKey, SecurityApp.Team, "team-sweep", name);
        var carol = app.Client(app.CarolKey);

        var read = await carol.QueryAsync(
            "query($s: String!) { project(entityName: \"lab\", name: \"team-sweep\") { sweep(sweepName: $s) { state } } }", new { s = name });
        var heartbeat = await carol.GraphQLAsync("mutation($id: ID) { agentHeartbeat(input: {id: $id, runState: \"{}\"}) { commands } }", new { id = agent });
        var create = await carol.GraphQLAsync(
            "mutation($s: String) { createAgent(input: {entityName: \"lab\", projectName: \"team-sweep\", sweep: $s, host: \"h\"}) { agent { id } } }", new { s = name });
        var pause = await carol.GraphQLAsync("mutation($id: ID) { upsertSweep(input: {id: $id, state: \"PAUSED\"}) { sweep { state } } }", new { id });

        Assert.Equal("RUNNING", read["project"]!["sweep"]!["state"]!.GetValue<string>());
        Assert.All(new[] { heartbeat, create, pause }, answer => Assert.Equal(403, answer.Status));
    }

    [Fact]
    public async Task Viewer_CannotScheduleRuns_ThroughTheLocalControllerField()
    {
        await app.CreateProjectAsync(app.AliceKey, SecurityApp.Team, "team-local", "r0000005", "team");
        var created = await app.Client(app.DaveKey).QueryAsync(
            "mutation($c: String) { upsertSweep(input: {entityName: \"lab\", projectName: \"team-local\", config: $c}) { sweep { id name } } }",
            new { c = "controller: {type: local}\n" + Config });
        var id = created["upsertSweep"]!["sweep"]!["id"]!.GetValue<string>();
        var name = created["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
        var agent = await AgentAsync(app.DaveKey, SecurityApp.Team, "team-local", name);

        // Carol may read the team's sweeps, but scheduling a run is a write: she must not choose what agents execute.
        var schedule = await app.Client(app.CarolKey).GraphQLAsync(
            "mutation($id: ID, $c: JSONString) { upsertSweep(input: {id: $id, controller: $c}) { sweep { name } } }",
            new { id, c = """{"schedule": [{"id": "evil000001", "data": {"args": {"x": {"value": 1}}}}]}""" });

        Assert.Equal(403, schedule.Status);
        var commands = await app.Client(app.DaveKey).QueryAsync(
            "mutation($id: ID) { agentHeartbeat(input: {id: $id, runState: \"{}\"}) { commands } }", new { id = agent });
        Assert.Equal("[]", commands["agentHeartbeat"]!["commands"]!.GetValue<string>());
    }

    [Fact]
    public async Task ForgedAgentId_NamingAnotherUsersSweep_IsNotFound_AndHandsOutNothing()
    {
        await app.CreateProjectAsync(app.AliceKey, "alice", "forged", "r0000004", "private");
        var (_, name) = await SweepAsync(app.AliceKey, "alice", "forged");
        var real = await AgentAsync(app.AliceKey, "alice", "forged", name);

        var answer = await app.Client(app.BobKey).GraphQLAsync(
            "mutation($id: ID) { agentHeartbeat(input: {id: $id, runState: \"{}\"}) { commands } }", new { id = real });

        Assert.Contains("not found", answer.Body!["errors"]![0]!["message"]!.GetValue<string>());
        var agents = await app.Client(app.AliceKey).QueryAsync(
            "query($s: String!) { project(entityName: \"alice\", name: \"forged\") { sweep(sweepName: $s) { runCount } } }", new { s = name });
        Assert.Equal(0, agents["project"]!["sweep"]!["runCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task OversizedConfig_IsRefusedWith400()
    {
        var huge = Config + "# " + new string('x', 70_000) + "\n";

        var answer = await app.Client(app.AliceKey).GraphQLAsync(
            "mutation($c: String) { upsertSweep(input: {entityName: \"alice\", projectName: \"huge\", config: $c}) { sweep { id } } }", new { c = huge });

        Assert.Equal(400, answer.Status);
        Assert.Contains("at most", answer.Body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Heartbeat_ListingTooManyRuns_OrNotAnObject_IsRefusedWith400()
    {
        var (_, name) = await SweepAsync(app.AliceKey, "alice", "flood");
        var agent = await AgentAsync(app.AliceKey, "alice", "flood", name);
        var flood = "{" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"r{i}\": true")) + "}";
        const string heartbeat = "mutation($id: ID, $s: JSONString) { agentHeartbeat(input: {id: $id, runState: $s}) { commands } }";

        var tooMany = await app.Client(app.AliceKey).GraphQLAsync(heartbeat, new { id = agent, s = flood });
        var notObject = await app.Client(app.AliceKey).GraphQLAsync(heartbeat, new { id = agent, s = "[1, 2]" });

        Assert.Equal(400, tooMany.Status);
        Assert.Equal(400, notObject.Status);
    }
}
