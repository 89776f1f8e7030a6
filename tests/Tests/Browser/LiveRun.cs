using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Browser;

/// <summary>
/// A run streamed by hand the way the Python client does it (history, system metrics and console lines through
/// file_stream, files through createRunFiles and a signed PUT), so a test decides exactly when each row arrives.
/// </summary>
public sealed class LiveRun(WandbClient client, string entity, string project, string run)
{
    public static double Loss(int step) => 2.0 / (step + 2);

    /// <summary>Sends rows [from, from + count) with one system-metrics row and one coloured console line per row.</summary>
    public async Task SendAsync(int from, int count)
    {
        var steps = Enumerable.Range(from, count).ToList();
        var history = steps.Select(step => string.Create(CultureInfo.InvariantCulture,
            $$"""{"loss": {{Loss(step):R}}, "_step": {{step}}, "_runtime": {{step * 0.5:R}}, "_timestamp": {{1795670000 + step * 0.5:R}}}"""));
        var events = steps.Select(step => string.Create(CultureInfo.InvariantCulture,
            $$"""{"system.cpu": {{10 + step}}, "system.memory": {{40 + (step % 3)}}, "_runtime": {{step * 0.5:R}}, "_timestamp": {{1795670000 + step * 0.5:R}}, "_wandb": true}"""));
        var console = steps.Select(step => $"2026-11-26T06:15:18.062217 \u001b[32mOK\u001b[0m epoch {step} done\n");
        var body = new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = Chunk(from, history),
                ["wandb-events.jsonl"] = Chunk(from, events),
                ["output.log"] = Chunk(from, console),
                ["wandb-summary.json"] = Chunk(0, [string.Create(CultureInfo.InvariantCulture, $$"""{"loss": {{Loss(steps[^1]):R}}, "_step": {{steps[^1]}}}""")]),
            },
        };
        var (status, text) = await client.FileStreamAsync(entity, project, run, body.ToJsonString());
        Assert.True(status == 200, $"file_stream answered {status}: {text}");
    }

    public async Task UploadFileAsync(string name, string content)
    {
        var data = await client.QueryAsync(
            "mutation($e:String!,$p:String!,$r:String!,$f:[String]){createRunFiles(input:{entityName:$e,projectName:$p,runName:$r,files:$f}){files{name uploadUrl}}}",
            new { e = entity, p = project, r = run, f = new[] { name } });
        var uploadUrl = data["createRunFiles"]!["files"]![0]!["uploadUrl"]!.GetValue<string>();
        using var put = await client.Http.PutAsync(uploadUrl, new StringContent(content));
        Assert.True(put.IsSuccessStatusCode, $"upload answered {(int)put.StatusCode}");
    }

    public async Task CompleteAsync()
    {
        var (status, text) = await client.FileStreamAsync(entity, project, run, JsonSerializer.Serialize(new { complete = true, exitcode = 0 }));
        Assert.True(status == 200, $"file_stream complete answered {status}: {text}");
    }

    private static JsonObject Chunk(int offset, IEnumerable<string> lines) =>
        new() { ["offset"] = offset, ["content"] = new JsonArray(lines.Select(l => (JsonNode)l).ToArray()) };
}
