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

    private const string UpsertSweep = SweepAgentScript.UpsertSweep;

    private SweepAgentScript Script => new(Client, Entity);

    private Task<string> CreateSweepAsync(string project, string yaml) => Script.CreateSweepAsync(project, yaml);

    private Task<string> SweepIdAsync(string project, string sweep) => Script.SweepIdAsync(project, sweep);

    private async Task SetStateAsync(string project, string sweep, string state) =>
        await Client.QueryAsync(
            "mutation($id: ID, $state: String, $e: String, $p: String) { upsertSweep(input: {id: $id, state: $state, entityName: $e, projectName: $p}) { sweep { name } } }",
            new { id = await SweepIdAsync(project, sweep), state, e = Entity, p = project });

    private Task<string> CreateAgentAsync(string project, string sweep, string host = "box-1") => Script.CreateAgentAsync(project, sweep, host);

    private Task<JsonArray> HeartbeatAsync(string agent, params string[] running) => Script.HeartbeatAsync(agent, running);

    private Task RunAsync(string project, string sweep, JsonObject command, Func<JsonObject, double[]> losses, int exitcode = 0) =>
        Script.RunAsync(project, sweep, command, losses, exitcode);

    private static double X(JsonObject args) => SweepAgentScript.X(args);

    private static string Type(JsonNode? command) => SweepAgentScript.Type(command);

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
        Assert.NotNull(agentNode["createdAt"]);
        Assert.NotNull(agentNode["heartbeatAt"]);

        // wandb v0.28.2 apis/_generated GetSweepAgent and GetAgentRuns: sweep.agent(id) and agent.runs().
        var one = await Client.QueryAsync(
            """
            query GetSweepAgent($agentID: String!, $sweep: String!, $entity: String, $project: String) {
              project(name: $project, entityName: $entity) {
                sweep(sweepName: $sweep) {
                  agent(agentName: $agentID) { id name host state totalRuns createdAt heartbeatAt runs(first: 10) { edges { node { name sweepName state } } } }
                }
              }
            }
            """, new { agentID = agent, sweep, entity = Entity, project = "reads" });
        var byId = one["project"]!["sweep"]!["agent"]!;
        Assert.Equal(agentNode["id"]!.GetValue<string>(), byId["id"]!.GetValue<string>());
        Assert.Equal("gpu-7", byId["host"]!.GetValue<string>());
        var agentRuns = byId["runs"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(2, agentRuns.Count);
        Assert.All(agentRuns, run => Assert.Equal(sweep, run["sweepName"]!.GetValue<string>()));

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
    public async Task A_local_controller_schedules_runs_through_the_controller_field_and_stops_them_through_earlystop()
    {
        // wandb v0.16.6 wandb_controller.py: the sweep is created with controller {type: local}; the controller then
        // re-sends the config with its controller dict (UpsertSweep with id) and reads scheduler back (SweepWithRuns).
        const string Config = "controller: {type: local}\nmethod: random\nmetric: {name: loss}\nparameters:\n  x: {distribution: uniform, min: 0.0, max: 10.0}\n";
        var sweep = await CreateSweepAsync("local", Config);
        var agent = await CreateAgentAsync("local", sweep);
        var id = await SweepIdAsync("local", sweep);
        async Task ControllerWritesAsync(string controller) =>
            await Client.QueryAsync(UpsertSweep, new { id, config = Config, controller, entityName = Entity, projectName = "local" });
        async Task<JsonNode> ScheduledAsync() => JsonNode.Parse((await Client.QueryAsync(
            "query($e: String, $p: String, $s: String!) { project(entityName: $e, name: $p) { sweep(sweepName: $s) { scheduler } } }",
            new { e = Entity, p = "local", s = sweep }))["project"]!["sweep"]!["scheduler"]!.GetValue<string>())!["scheduled"]!;

        // Nothing scheduled yet: the server does not search on its own.
        await ControllerWritesAsync("{}");
        Assert.Empty(await HeartbeatAsync(agent));

        await ControllerWritesAsync("""{"schedule": [{"id": "sched0001", "data": {"args": {"x": {"value": 7.5}}}}]}""");
        var run = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
        Assert.Equal(7.5, X(run["args"]!.AsObject()));
        var scheduled = Assert.Single((await ScheduledAsync()).AsArray())!;
        Assert.Equal("sched0001", scheduled["id"]!.GetValue<string>());
        Assert.Equal(run["run_id"]!.GetValue<string>(), scheduled["runid"]!.GetValue<string>());
        await RunAsync("local", sweep, run, _ => [2.0, 1.0]);

        // The controller saw its entry scheduled, dropped it and schedules the next; then stops that run early.
        await ControllerWritesAsync("""{"schedule": [{"id": "sched0002", "data": {"args": {"x": {"value": 1.25}}}}], "earlystop": []}""");
        var second = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
        Assert.Equal(1.25, X(second["args"]!.AsObject()));
        Assert.Equal(["sched0002"], (await ScheduledAsync()).AsArray().Select(e => e!["id"]!.GetValue<string>()));
        var secondId = second["run_id"]!.GetValue<string>();
        await ControllerWritesAsync($$"""{"schedule": [], "earlystop": ["{{secondId}}"]}""");
        var stop = Assert.Single(await HeartbeatAsync(agent, secondId))!;
        Assert.Equal("stop", Type(stop));
        Assert.Equal(secondId, stop["run_id"]!.GetValue<string>());
        await RunAsync("local", sweep, second, _ => [3.0]);

        // Search exhausted: the controller schedules an entry without args; the agent exits and the sweep finishes.
        await ControllerWritesAsync("""{"schedule": [{"id": "sched0003", "data": {"args": null}}], "earlystop": []}""");
        Assert.Equal("exit", Type(Assert.Single(await HeartbeatAsync(agent))));
        var read = await Client.QueryAsync(
            "query($e: String, $p: String, $s: String!) { project(entityName: $e, name: $p) { sweep(sweepName: $s) { state runCount bestLoss } } }",
            new { e = Entity, p = "local", s = sweep });
        Assert.Equal("FINISHED", read["project"]!["sweep"]!["state"]!.GetValue<string>());
        Assert.Equal(2, read["project"]!["sweep"]!["runCount"]!.GetValue<int>());
        Assert.Equal(1.0, read["project"]!["sweep"]!["bestLoss"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_controller_setting_that_is_not_a_json_object_is_refused_with_400()
    {
        var sweep = await CreateSweepAsync("badcontroller", "controller: {type: local}\nmethod: random\nparameters:\n  x: {values: [1, 2]}\n");
        var (status, body) = await Client.GraphQLAsync(UpsertSweep, new { id = await SweepIdAsync("badcontroller", sweep), controller = "[1, 2]" });
        Assert.Equal(400, status);
        Assert.Contains("JSON object", body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_enqueued_run_is_handed_to_the_next_agent_before_the_search_with_the_id_the_client_was_told()
    {
        // wandb v0.28.2 apis/public/sweeps.py:Sweep.enqueue_run, sent once the server advertises SWEEPS_LOCAL_SCHEDULER.
        var sweep = await CreateSweepAsync("enqueue", TenPointGrid);
        var data = await Client.QueryAsync(
            """
            mutation EnqueueSweepRun($id: ID!, $config: JSONString!, $displayName: String) {
              enqueueSweepRun(input: {id: $id, config: $config, displayName: $displayName}) { id runQueueItemId }
            }
            """, new { id = await SweepIdAsync("enqueue", sweep), config = """{"x": {"value": 42}, "fixed": 1}""", displayName = "by-hand" });
        var runId = data["enqueueSweepRun"]!["id"]!.GetValue<string>();
        var agent = await CreateAgentAsync("enqueue", sweep);

        var first = Assert.Single(await HeartbeatAsync(agent))!.AsObject();
        Assert.Equal(runId, first["run_id"]!.GetValue<string>());
        Assert.Equal(42, X(first["args"]!.AsObject()));
        await RunAsync("enqueue", sweep, first, _ => [1.0]);

        // Then the grid's own points, from the first.
        Assert.Equal(0, X(Assert.Single(await HeartbeatAsync(agent))!["args"]!.AsObject()));
    }

    [Fact]
    public async Task Prior_runs_named_by_the_client_join_the_sweep_and_their_metric_counts()
    {
        // wandb v0.28.2 internal_api.py:upsert_sweep(prior_runs=[…]) sends priorRunsFilters {"$or": [{"name": id}, …]}.
        foreach (var (run, x, loss) in new[] { ("prior001", 1, 0.5), ("prior002", 2, 0.25), ("other003", 3, 0.1) })
        {
            await Client.QueryAsync(
                "mutation($p: String, $r: String, $c: JSONString, $m: JSONString) { upsertBucket(input: {entityName: \"sweeper\", modelName: $p, name: $r, config: $c, summaryMetrics: $m}) { bucket { id } } }",
                new { p = "prior", r = run, c = JsonSerializer.Serialize(new { x = new { value = x } }), m = JsonSerializer.Serialize(new { loss }) });
        }

        var data = await Client.QueryAsync(
            """
            mutation UpsertSweep($config: String, $entityName: String, $projectName: String, $priorRunsFilters: JSONString) {
              upsertSweep(input: {config: $config, entityName: $entityName, projectName: $projectName, priorRunsFilters: $priorRunsFilters}) { sweep { name } }
            }
            """, new
            {
                config = "method: bayes\nmetric: {name: loss}\nparameters:\n  x: {distribution: uniform, min: 0.0, max: 4.0}\n",
                entityName = Entity,
                projectName = "prior",
                priorRunsFilters = """{"$or": [{"name": "prior001"}, {"name": "prior002"}]}""",
            });
        var sweep = data["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();

        var read = (await Client.QueryAsync(
            """
            query($e: String, $p: String, $s: String!, $f: JSONString) {
              project(entityName: $e, name: $p) {
                sweep(sweepName: $s) { runCount bestLoss }
                runs(filters: $f) { edges { node { name sweepName } } }
              }
            }
            """, new { e = Entity, p = "prior", s = sweep, f = $$"""{"sweep": "{{sweep}}"}""" }))["project"]!;
        Assert.Equal(2, read["sweep"]!["runCount"]!.GetValue<int>());
        Assert.Equal(0.25, read["sweep"]!["bestLoss"]!.GetValue<double>());
        Assert.Equal(["prior001", "prior002"], read["runs"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).Order());
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
