using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// The ids a sweep recording carries were handed out by the server that recorded it (sweep name, agent id, the run
/// ids in heartbeat commands); a replay learns the ones the server under test hands out from its answers and
/// rewrites every later request with them, so the agent's and the runs' requests address what this server created.
/// </summary>
internal sealed class SweepIdMap
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>The request with every recorded id replaced by the live one learned so far.</summary>
    public RecordedRequest Rewrite(RecordedRequest request)
    {
        if (_ids.Count == 0)
        {
            return request;
        }

        var body = request.Body?.ToJsonString();
        var path = request.Path;
        foreach (var (recorded, live) in _ids)
        {
            body = body?.Replace(recorded, live, StringComparison.Ordinal);
            path = path.Replace(recorded, live, StringComparison.Ordinal);
        }

        return request with { Path = path, Body = body is null ? null : JsonNode.Parse(body) };
    }

    /// <summary>Learns the ids in a GraphQL answer by comparing it with the recorded one.</summary>
    public void Learn(RecordedRequest request, JsonNode data)
    {
        var recorded = request.ExampleResponse?["data"];
        switch (request.Operation)
        {
            case "UpsertSweep":
                // Only the creating upsert names the project; state changes answer the name alone.
                if (recorded?["upsertSweep"]?["sweep"]?["project"] is not JsonNode project)
                {
                    break;
                }

                var entity = project["entity"]!["name"]!.GetValue<string>();
                var projectName = project["name"]!.GetValue<string>();
                var recordedName = recorded["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
                var liveName = data["upsertSweep"]!["sweep"]!["name"]!.GetValue<string>();
                Add(recordedName, liveName);
                Add(SweepId(entity, projectName, recordedName), SweepId(entity, projectName, liveName));
                break;
            case "CreateAgent":
                Add(recorded!["createAgent"]!["agent"]!["id"]!.GetValue<string>(), data["createAgent"]!["agent"]!["id"]!.GetValue<string>());
                break;
            case "Heartbeat":
                var before = JsonNode.Parse(recorded!["agentHeartbeat"]!["commands"]!.GetValue<string>())!.AsArray();
                var now = JsonNode.Parse(data["agentHeartbeat"]!["commands"]!.GetValue<string>())!.AsArray();
                Assert.Equal(before.Select(c => c!["type"]!.GetValue<string>()), now.Select(c => c!["type"]!.GetValue<string>()));
                for (var i = 0; i < before.Count; i++)
                {
                    if (before[i]!["type"]!.GetValue<string>() == "run")
                    {
                        // Grid search is deterministic: the same point in the same order.
                        Assert.Equal(before[i]!["args"]!.ToJsonString(), now[i]!["args"]!.ToJsonString());
                        Add(before[i]!["run_id"]!.GetValue<string>(), now[i]!["run_id"]!.GetValue<string>());
                    }
                }

                break;
        }
    }

    /// <summary>The live id a recorded one became.</summary>
    public string Live(string recorded) => _ids[recorded];

    private void Add(string recorded, string live) => _ids[recorded] = live;

    private static string SweepId(string entity, string project, string name) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"Sweep:{entity}/{project}/{name}"));
}
