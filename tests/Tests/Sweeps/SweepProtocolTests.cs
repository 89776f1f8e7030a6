using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Core.Internal;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Sweeps;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>
/// Sweeps driven over HTTP exactly as the agents and the CLI do it (documents from wandb v0.16.6
/// internal_api.py: UpsertSweep, CreateAgent, Heartbeat; runs report through upsertBucket(sweep:) and file_stream).
/// Each profile runs the same specification (<see cref="EmbeddedSweepProtocolTests"/>, <see cref="Cluster.ClusterSweepProtocolTests"/>).
/// </summary>
public abstract class SweepProtocolTests(SweepProtocolTests.App app)
{
    protected static readonly Dictionary<string, string> Settings = new() { ["ADMIN_USERNAME"] = Entity };

    public abstract class App : ProfileServer;

    protected const string Entity = "sweeper";

    protected WandbClient Client => app.Factory.CreateAdminClient();

    private const string UpsertSweep = """
        mutation UpsertSweep($id: ID, $config: String, $description: String, $entityName: String, $projectName: String,
                             $controller: JSONString, $launchScheduler: JSONString, $scheduler: JSONString, $state: String) {
          upsertSweep(input: {id: $id, config: $config, description: $description, entityName: $entityName, projectName: $projectName,
                              controller: $controller, launchScheduler: $launchScheduler, scheduler: $scheduler, state: $state}) {
            sweep { name project { id name entity { id name } } }
            configValidationWarnings
          }
        }
        """;

    private const string Heartbeat = """
        mutation Heartbeat($id: ID!, $metrics: JSONString, $runState: JSONString) {
          agentHeartbeat(input: {id: $id, metrics: $metrics, runState: $runState}) { agent { id } commands }
        }
        """;

    private async Task<string> CreateSweepAsync(string project, string yaml)
    {
        var data = await Client.QueryAsync(UpsertSweep, new { config = yaml, entityName = Entity, projectName = project });
        return data["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
    }

    private async Task<string> SweepIdAsync(string project, string sweep) =>
        (await Client.QueryAsync(
            "query($e: String, $p: String, $s: String!) { project(entityName: $e, name: $p) { sweep(sweepName: $s) { id } } }",
            new { e = Entity, p = project, s = sweep }))["project"]!["sweep"]!["id"]!.GetValue<string>();

    private async Task SetStateAsync(string project, string sweep, string state) =>
        await Client.QueryAsync(
            "mutation($id: ID, $state: String, $e: String, $p: String) { upsertSweep(input: {id: $id, state: $state, entityName: $e, projectName: $p}) { sweep { name } } }",
            new { id = await SweepIdAsync(project, sweep), state, e = Entity, p = project });

    private async Task<string> CreateAgentAsync(string project, string sweep, string host = "box-1")
    {
        var data = await Client.QueryAsync(
            """
            mutation CreateAgent($host: String!, $projectName: String, $entityName: String, $sweep: String!) {
              createAgent(input: {host: $host, projectName: $projectName, entityName: $entityName, sweep: $sweep}) { agent { id } }
            }
            """, new { host, projectName = project, entityName = Entity, sweep });
        return data["createAgent"]!["agent"]!["id"]!.GetValue<string>();
    }

    private async Task<JsonArray> HeartbeatAsync(string agent, params string[] running)
    {
        var data = await Client.QueryAsync(Heartbeat, new
        {
            id = agent,
            metrics = "{}",
            runState = JsonSerializer.Serialize(running.ToDictionary(r => r, _ => true)),
        });
        return JsonNode.Parse(data["agentHeartbeat"]!["commands"]!.GetValue<string>())!.AsArray();
    }

    /// <summary>What a run started by the agent does: upsertBucket with the sweep and its config, history, summary, exit.</summary>
    private async Task RunAsync(string project, string sweep, JsonObject command, Func<JsonObject, double[]> losses, int exitcode = 0)
    {
        var run = command["run_id"]!.GetValue<string>();
        var config = command["args"]!.ToJsonString();
        await Client.QueryAsync(
            "mutation($e: String, $p: String, $r: String, $s: String, $c: JSONString) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r, sweep: $s, config: $c}) { bucket { id } } }",
            new { e = Entity, p = project, r = run, s = sweep, c = config });
        var values = losses(command["args"]!.AsObject());
        var lines = values.Select((loss, step) => JsonSerializer.Serialize(new Dictionary<string, object> { ["loss"] = loss, ["_step"] = step })).ToArray();
        var summary = JsonSerializer.Serialize(new Dictionary<string, object> { ["loss"] = values[^1] });
        var body = JsonSerializer.Serialize(new
        {
            files = new Dictionary<string, object>
            {
                ["wandb-history.jsonl"] = new { offset = 0, content = lines },
                ["wandb-summary.json"] = new { offset = 0, content = new[] { summary } },
            },
        });
        var (status, text) = await Client.FileStreamAsync(Entity, project, run, body);
        Assert.True(status == 200, text);
        (status, text) = await Client.FileStreamAsync(Entity, project, run, JsonSerializer.Serialize(new { complete = true, exitcode }));
        Assert.True(status == 200, text);
    }

    private static double X(JsonObject args) => args["x"]!["value"]!.GetValue<double>();

    private static string Type(JsonNode? command) => command!["type"]!.GetValue<string>();

    private const string TenPointGrid = """
        method: grid
        metric: {name: loss, goal: minimize}
        parameters:
          x: {values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}
          fixed: {value: 1}
        """;

    [Fact]
    public async Task Two_agents_heartbeating_concurrently_run_the_ten_point_grid_without_repeating_a_point()
    {
        var sweep = await CreateSweepAsync("grid2", TenPointGrid);
        var agents = new[] { await CreateAgentAsync("grid2", sweep, "host-a"), await CreateAgentAsync("grid2", sweep, "host-b") };
        var given = new List<double>();
        var exited = new HashSet<string>();
        for (var round = 0; round < 10 && exited.Count < 2; round++)
        {
            var answers = await Task.WhenAll(agents.Select(agent => HeartbeatAsync(agent)));
            for (var i = 0; i < agents.Length; i++)
            {
                foreach (var command in answers[i])
                {
                    if (Type(command) == "exit")
                    {
                        exited.Add(agents[i]);
                        continue;
                    }

                    Assert.Equal("run", Type(command));
                    given.Add(X(command!["args"]!.AsObject()));
                    await RunAsync("grid2", sweep, command.AsObject(), args => [10 - X(args), 5 - X(args)]);
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), given.Order());
        Assert.Equal(2, exited.Count);
        var read = await Client.QueryAsync(
            "query($e: String, $p: String, $s: String!) { project(entityName: $e, name: $p) { sweep(sweepName: $s) { state runCount runCountExpected bestLoss } } }",
            new { e = Entity, p = "grid2", s = sweep });
        Assert.Equal("FINISHED", read["project"]!["sweep"]!["state"]!.GetValue<string>());
        Assert.Equal(10, read["project"]!["sweep"]!["runCount"]!.GetValue<int>());
        Assert.Equal(10, read["project"]!["sweep"]!["runCountExpected"]!.GetValue<int>());
        Assert.Equal(-4.0, read["project"]!["sweep"]!["bestLoss"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_run_command_carries_the_program_and_the_parameters_as_the_agent_reads_them()
    {
        var sweep = await CreateSweepAsync("shape", "program: train.py\nmethod: grid\nparameters:\n  lr: {values: [0.1]}\n  opt:\n    parameters:\n      name: {value: adam}\n");
        var agent = await CreateAgentAsync("shape", sweep);

        var command = Assert.Single(await HeartbeatAsync(agent))!.AsObject();

        Assert.Equal("run", Type(command));
        Assert.Equal("train.py", command["program"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]{8}$", command["run_id"]!.GetValue<string>());
        Assert.Equal("""{"lr":{"value":0.1},"opt":{"value":{"name":"adam"}}}""", command["args"]!.ToJsonString());
    }

    [Fact]
    public async Task Pause_holds_new_runs_resume_gives_them_again_and_stop_lets_the_running_run_finish_before_exit()
    {
        var sweep = await CreateSweepAsync("control", TenPointGrid);
        var agent = await CreateAgentAsync("control", sweep);

        await SetStateAsync("control", sweep, "PAUSED");
        Assert.Empty(await HeartbeatAsync(agent));

        await SetStateAsync("control", sweep, "RUNNING");
        var run = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
        var runId = run["run_id"]!.GetValue<string>();

        await SetStateAsync("control", sweep, "FINISHED");
        Assert.Empty(await HeartbeatAsync(agent, runId));
        await RunAsync("control", sweep, run, _ => [1.0]);
        Assert.Equal("exit", Type(Assert.Single(await HeartbeatAsync(agent))));
    }

    [Fact]
    public async Task Cancel_stops_the_agents_running_run_and_tells_it_to_exit()
    {
        var sweep = await CreateSweepAsync("cancel", TenPointGrid);
        var agent = await CreateAgentAsync("cancel", sweep);
        var runId = Assert.Single(await HeartbeatAsync(agent))!["run_id"]!.GetValue<string>();

        await SetStateAsync("cancel", sweep, "CANCELED");
        var commands = await HeartbeatAsync(agent, runId);

        Assert.Equal(["stop", "exit"], commands.Select(Type));
        Assert.Equal(runId, commands[0]!["run_id"]!.GetValue<string>());
        var (_, body) = await Client.GraphQLAsync(
            "mutation($id: ID, $s: String) { upsertSweep(input: {id: $id, state: $s}) { sweep { name } } }",
            new { id = await SweepIdAsync("cancel", sweep), s = "RUNNING" });
        Assert.Contains("canceled", body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_restarted_sweep_continues_its_grid_without_repeating_a_point()
    {
        var sweep = await CreateSweepAsync("restart", "method: grid\nparameters:\n  x: {values: [0, 1, 2, 3]}\n");
        var agent = await CreateAgentAsync("restart", sweep);
        var given = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            var command = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
            given.Add(X(command["args"]!.AsObject()));
            await RunAsync("restart", sweep, command, _ => [1.0]);
        }

        // The activation goes away; the next call loads what was stored.
        await app.Factory.Grains.GetGrain<ISweepGrain>(SweepKey.From(Entity, "restart", sweep)).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        for (var i = 0; i < 2; i++)
        {
            var command = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
            given.Add(X(command["args"]!.AsObject()));
            await RunAsync("restart", sweep, command, _ => [1.0]);
        }

        Assert.Equal([0.0, 1, 2, 3], given.Order());
        Assert.Equal("exit", Type(Assert.Single(await HeartbeatAsync(agent))));
    }

    [Fact]
    public async Task The_grid_point_of_a_run_that_crashed_before_reporting_is_offered_again()
    {
        var sweep = await CreateSweepAsync("crash", "method: grid\nparameters:\n  x: {values: [0, 1]}\n");
        var agent = await CreateAgentAsync("crash", sweep);
        var first = Assert.Single(await HeartbeatAsync(agent))!.AsObject();

        // The process died at once: the next heartbeat no longer lists it and the run never called upsertBucket.
        var again = Assert.Single(await HeartbeatAsync(agent))!.AsObject();

        Assert.Equal(X(first["args"]!.AsObject()), X(again["args"]!.AsObject()));
        Assert.NotEqual(first["run_id"]!.GetValue<string>(), again["run_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Random_search_stops_at_run_cap()
    {
        var sweep = await CreateSweepAsync("cap", "method: random\nrun_cap: 3\nparameters:\n  x: {distribution: uniform, min: 0.0, max: 1.0}\n");
        var agent = await CreateAgentAsync("cap", sweep);
        for (var i = 0; i < 3; i++)
        {
            var command = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
            Assert.InRange(X(command["args"]!.AsObject()), 0, 1);
            await RunAsync("cap", sweep, command, _ => [1.0]);
        }

        Assert.Equal("exit", Type(Assert.Single(await HeartbeatAsync(agent))));
    }

    [Fact]
    public async Task Hyperband_stops_a_running_run_that_fell_behind_at_a_bracket()
    {
        var sweep = await CreateSweepAsync("hyper", """
            method: grid
            metric: {name: loss, goal: minimize}
            early_terminate: {type: hyperband, min_iter: 2, eta: 2, s: 1}
            parameters:
              x: {values: [0, 1, 2]}
            """);
        var agent = await CreateAgentAsync("hyper", sweep);
        for (var i = 0; i < 2; i++)
        {
            await RunAsync("hyper", sweep, Assert.Single(await HeartbeatAsync(agent))!.AsObject(), _ => [1.0, 0.5]);
        }

        var slow = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
        var runId = slow["run_id"]!.GetValue<string>();
        await Client.QueryAsync(
            "mutation($e: String, $p: String, $r: String, $s: String) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r, sweep: $s}) { bucket { id } } }",
            new { e = Entity, p = "hyper", r = runId, s = sweep });
        var (status, text) = await Client.FileStreamAsync(Entity, "hyper", runId,
            """{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["{\"loss\": 3.0, \"_step\": 0}", "{\"loss\": 2.5, \"_step\": 1}"]}}}""");
        Assert.True(status == 200, text);

        var stop = Assert.Single(await HeartbeatAsync(agent, runId))!;
        Assert.Equal("stop", Type(stop));
        Assert.Equal(runId, stop["run_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_public_api_reads_sweeps_agents_runs_and_the_run_sweep_link()
    {
        var sweep = await CreateSweepAsync("reads", "method: grid\nmetric: {name: loss, goal: maximize}\nparameters:\n  x: {values: [1, 2]}\n");
        var agent = await CreateAgentAsync("reads", sweep, "gpu-7");
        for (var i = 0; i < 2; i++)
        {
            await RunAsync("reads", sweep, Assert.Single(await HeartbeatAsync(agent))!.AsObject(), args => [X(args) * 10]);
        }

        // wandb v0.28.2 apis/_generated GetSweeps and GetSweepAgents; v0.16.6 public api best_run order and filter.
        var listing = await Client.QueryAsync(
            """
            query GetSweeps($project: String!, $entity: String!, $filters: JSONString!, $cursor: String, $perPage: Int = 50) {
              project(name: $project, entityName: $entity) {
                totalSweeps
                sweeps(after: $cursor, first: $perPage, filters: $filters) {
                  pageInfo { endCursor hasNextPage }
                  edges { node { __typename id name displayName method state description bestLoss config createdAt updatedAt runCount runCountExpected } }
                }
              }
            }
            """, new { project = "reads", entity = Entity, filters = "{}" });
        Assert.Equal(1, listing["project"]!["totalSweeps"]!.GetValue<int>());
        var node = listing["project"]!["sweeps"]!["edges"]![0]!["node"]!;
        Assert.Equal(sweep, node["name"]!.GetValue<string>());
        Assert.Equal("grid", node["method"]!.GetValue<string>());
        Assert.Equal(20.0, node["bestLoss"]!.GetValue<double>());

        var agents = await Client.QueryAsync(
            """
            query GetSweepAgents($sweep: String!, $entity: String, $project: String) {
              project(name: $project, entityName: $entity) {
                sweep(sweepName: $sweep) { agents { edges { node { id name host state totalRuns createdAt heartbeatAt } } } }
              }
            }
            """, new { sweep, entity = Entity, project = "reads" });
        var agentNode = agents["project"]!["sweep"]!["agents"]!["edges"]![0]!["node"]!;
        Assert.Equal("gpu-7", agentNode["host"]!.GetValue<string>());
        Assert.Equal(2, agentNode["totalRuns"]!.GetValue<int>());

        var best = await Client.QueryAsync(
            """
            query($e: String, $p: String, $f: JSONString) {
              project(entityName: $e, name: $p) { runs(filters: $f, order: "-summary_metrics.loss", first: 1) { edges { node { name sweepName sweep { name state } } } } }
            }
            """, new { e = Entity, p = "reads", f = $$"""{"$and": [{"sweep": "{{sweep}}"}]}""" });
        var bestRun = best["project"]!["runs"]!["edges"]![0]!["node"]!;
        Assert.Equal(sweep, bestRun["sweepName"]!.GetValue<string>());
        Assert.Equal(sweep, bestRun["sweep"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invalid_config_answers_400_with_the_problem_and_creates_nothing()
    {
        var (status, body) = await Client.GraphQLAsync(UpsertSweep, new { config = "method: grid\nparameters:\n  lr: {min: 0.0, max: 1.0}\n", entityName = Entity, projectName = "invalid" });

        Assert.Equal(400, status);
        Assert.Contains("a continuous distribution has no grid", body!["errors"]![0]!["message"]!.GetValue<string>());
        var listing = await Client.QueryAsync("query { project(entityName: \"sweeper\", name: \"invalid\") { totalSweeps } }");
        Assert.Equal(0, listing["project"]!["totalSweeps"]!.GetValue<int>());
    }
}
