using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>
/// What the CLI, an agent and the runs it starts send for a sweep, with the documents of wandb v0.16.6
/// internal_api.py (UpsertSweep, CreateAgent, Heartbeat) and a run's upsertBucket(sweep:) and file_stream.
/// </summary>
internal sealed class SweepAgentScript(WandbClient client, string entity)
{
    public const string UpsertSweep = """
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

    public WandbClient Client => client;

    public async Task<string> CreateSweepAsync(string project, string yaml)
    {
        var data = await client.QueryAsync(UpsertSweep, new { config = yaml, entityName = entity, projectName = project });
        return data["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
    }

    public async Task<string> SweepIdAsync(string project, string sweep) =>
        (await client.QueryAsync(
            "query($e: String, $p: String, $s: String!) { project(entityName: $e, name: $p) { sweep(sweepName: $s) { id } } }",
            new { e = entity, p = project, s = sweep }))["project"]!["sweep"]!["id"]!.GetValue<string>();

    public async Task<string> CreateAgentAsync(string project, string sweep, string host = "box-1")
    {
        var data = await client.QueryAsync(
            """
            mutation CreateAgent($host: String!, $projectName: String, $entityName: String, $sweep: String!) {
              createAgent(input: {host: $host, projectName: $projectName, entityName: $entityName, sweep: $sweep}) { agent { id } }
            }
            """, new { host, projectName = project, entityName = entity, sweep });
        return data["createAgent"]!["agent"]!["id"]!.GetValue<string>();
    }

    /// <summary>A heartbeat listing <paramref name="running"/> as the agent's live runs; answers the commands.</summary>
    public async Task<JsonArray> HeartbeatAsync(string agent, params string[] running)
    {
        var data = await client.QueryAsync(Heartbeat, new
        {
            id = agent,
            metrics = "{}",
            runState = JsonSerializer.Serialize(running.ToDictionary(r => r, _ => true)),
        });
        return JsonNode.Parse(data["agentHeartbeat"]!["commands"]!.GetValue<string>())!.AsArray();
    }

    /// <summary>What a run started by the agent does: upsertBucket with the sweep and its config, history, summary, exit.</summary>
    public async Task RunAsync(string project, string sweep, JsonObject command, Func<JsonObject, double[]> losses, int exitcode = 0)
    {
        var run = command["run_id"]!.GetValue<string>();
        var config = command["args"]!.ToJsonString();
        await client.QueryAsync(
            "mutation($e: String, $p: String, $r: String, $s: String, $c: JSONString) { upsertBucket(input: {entityName: $e, modelName: $p, name: $r, sweep: $s, config: $c}) { bucket { id } } }",
            new { e = entity, p = project, r = run, s = sweep, c = config });
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
        var (status, text) = await client.FileStreamAsync(entity, project, run, body);
        Assert.True(status == 200, text);
        (status, text) = await client.FileStreamAsync(entity, project, run, JsonSerializer.Serialize(new { complete = true, exitcode }));
        Assert.True(status == 200, text);
    }

    public static double X(JsonObject args) => args["x"]!["value"]!.GetValue<double>();

    public static string Type(JsonNode? command) => command!["type"]!.GetValue<string>();
}
