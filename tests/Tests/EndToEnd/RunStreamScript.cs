using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.EndToEnd;

/// <summary>
/// Streams a run the way the Python client does (history, events, summary and console lines by offset,
/// then <c>complete</c>), remembering every acknowledged line so a test can compare what reads back.
/// </summary>
public sealed class RunStreamScript(WandbClient client, string entity, string project, string run)
{
    public List<string> AcknowledgedHistory { get; } = [];
    public string? AcknowledgedSummary { get; private set; }

    public static string HistoryLine(int step) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"loss": {{1.0 / (step + 1):R}}, "acc": {{step / 1000.0:R}}, "nested": {"a": {{step}}}, "_timestamp": {{1795673711.0 + step:R}}, "_runtime": {{step * 0.1:R}}, "_step": {{step}}}""");

    /// <summary>Sends one history batch of <paramref name="count"/> rows with a summary line; asserts 200.</summary>
    public async Task SendHistoryAsync(int count)
    {
        var (lines, summary, body) = NextHistoryBatch(count);
        var (status, text) = await client.FileStreamAsync(entity, project, run, body);
        Assert.True(status == 200, $"file_stream answered {status}: {text}");
        AcknowledgedHistory.AddRange(lines);
        AcknowledgedSummary = summary;
    }

    /// <summary>
    /// Sends one history batch as the W&amp;B clients do when the server is in trouble: on a 5xx or a failed
    /// connection it sends the same body again (to the next of <paramref name="clients"/>, as a load balancer
    /// would) until it is acknowledged or <paramref name="patience"/> runs out. A 4xx fails at once: the clients
    /// would drop the data. Returns what the failed attempts answered.
    /// </summary>
    public async Task<IReadOnlyList<string>> SendHistoryRetryingAsync(int count, IReadOnlyList<WandbClient> clients, TimeSpan patience)
    {
        var (lines, summary, body) = NextHistoryBatch(count);
        var failures = new List<string>();
        var deadline = DateTime.UtcNow + patience;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var (status, text) = await clients[attempt % clients.Count].FileStreamAsync(entity, project, run, body);
                if (status == 200)
                {
                    AcknowledgedHistory.AddRange(lines);
                    AcknowledgedSummary = summary;
                    return failures;
                }

                Assert.True(status >= 500, $"file_stream answered {status} (the client would drop the data): {text}");
                failures.Add(status.ToString(CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException e)
            {
                failures.Add(e.HttpRequestError.ToString());
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"file_stream was not acknowledged within {patience}: {string.Join(", ", failures)}");
            }

            // The Python client's backoff starts around a second.
            await Task.Delay(500);
        }
    }

    /// <summary>The Retry-After of every 503 <see cref="TrySendHistoryAsync"/> got (null where there was none).</summary>
    public List<TimeSpan?> RetryAfterOf503s { get; } = [];

    /// <summary>
    /// One attempt at the next history batch through <paramref name="client"/>: its status (0 when the connection
    /// failed or no answer came in time); on 200 the rows count as acknowledged.
    /// </summary>
    public async Task<int> TrySendHistoryAsync(int count, WandbClient client)
    {
        var (lines, summary, body) = NextHistoryBatch(count);
        try
        {
            using var response = await client.SendAsync(HttpMethod.Post, $"/files/{entity}/{project}/{run}/file_stream", body);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                AcknowledgedHistory.AddRange(lines);
                AcknowledgedSummary = summary;
            }
            else if (status == 503)
            {
                RetryAfterOf503s.Add(response.Headers.RetryAfter?.Delta);
            }

            return status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Refused, reset, or no answer within the HttpClient's timeout: the clients retry all of these.
            return 0;
        }
    }

    private (List<string> Lines, string Summary, string Body) NextHistoryBatch(int count)
    {
        var offset = AcknowledgedHistory.Count;
        var lines = Enumerable.Range(offset, count).Select(HistoryLine).ToList();
        // The summary carries a bare NaN, as the Python client writes it; it must be stored verbatim.
        var last = offset + count - 1;
        var summary = string.Create(CultureInfo.InvariantCulture, $$"""{"loss": {{1.0 / (last + 1):R}}, "best": NaN, "_step": {{last}}}""");
        var body = new JsonObject
        {
            ["files"] = new JsonObject
            {
                ["wandb-history.jsonl"] = new JsonObject { ["offset"] = offset, ["content"] = new JsonArray(lines.Select(l => (JsonNode)l).ToArray()) },
                ["wandb-summary.json"] = new JsonObject { ["offset"] = 0, ["content"] = new JsonArray(summary) },
                ["output.log"] = new JsonObject { ["offset"] = offset, ["content"] = new JsonArray($"2026-11-26T06:15:18.062217 line {offset}\n") },
            },
            ["dropped"] = 0,
        };
        return (lines, summary, body.ToJsonString());
    }

    public async Task CompleteAsync(int exitCode)
    {
        var (status, text) = await client.FileStreamAsync(entity, project, run,
            JsonSerializer.Serialize(new { complete = true, exitcode = exitCode, dropped = 0, uploaded = Array.Empty<string>() }));
        Assert.True(status == 200, $"file_stream complete answered {status}: {text}");
    }

    /// <summary>Reads the run back: state, line counts, summary text and every history line.</summary>
    public async Task<JsonNode> ReadBackAsync()
    {
        var data = await client.QueryAsync(
            """
            query Run($entity: String!, $project: String!, $run: String!) {
              project(name: $project, entityName: $entity) {
                run(name: $run) {
                  state summaryMetrics historyLineCount logLineCount history(samples: 100000) historyKeys
                  sampledHistory(specs: ["{\"keys\": [\"_step\", \"loss\", \"nested.a\"], \"samples\": 50}"])
                  page: history(minStep: 100, maxStep: 350, samples: 1000)
                }
              }
            }
            """, new { entity, project, run });
        return data["project"]!["run"]!;
    }

    /// <summary>The chart endpoint's answer for this run (two metrics, 40 buckets, by step and by a runtime window).</summary>
    public async Task<JsonNode> ChartAsync()
    {
        var answers = new JsonArray();
        foreach (var request in new object[]
                 {
                     new { runs = new[] { new { entity, project, run } }, metrics = new[] { "loss", "acc" }, xAxis = "_step", buckets = 40 },
                     new { runs = new[] { new { entity, project, run } }, metrics = new[] { "loss" }, xAxis = "_runtime", xMin = 12.5, xMax = 61.0, buckets = 7 },
                 })
        {
            using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/charts", JsonSerializer.Serialize(request));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"charts answered {(int)response.StatusCode}: {text}");
            answers.Add(JsonNode.Parse(text));
        }

        return answers;
    }
}
