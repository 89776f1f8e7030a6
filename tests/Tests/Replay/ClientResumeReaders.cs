using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// What each client generation computes from a <c>RunResumeStatus</c> bucket before it resumes a run, written from
/// their sources: wandb v0.16.6 wandb/sdk/internal/sender.py:SendManager._setup_resume and wandb v0.28.2 (same in
/// v0.22.3, v0.25.1) core/internal/runbranch/resume.go:processResponse with processresponse.go. Where the client
/// would raise or return an error, these throw, so a test fails exactly where the client would stop.
/// </summary>
public static class ClientResumeReaders
{
    /// <summary>Where the resumed run starts and how many rows the client believes are stored.</summary>
    public sealed record ResumePoint(long StartingStep, int HistoryLineCount);

    /// <summary>
    /// 0.16.6: <c>json.loads(historyTail)</c>, then the last element parsed as an object; with no element the parsed
    /// list itself is asked for <c>.get("_step")</c>, an <c>AttributeError</c> outside its <c>except (IndexError,
    /// ValueError)</c> that kills the client's sender thread ("transport failed").
    /// </summary>
    public static ResumePoint Python0166(JsonNode bucket)
    {
        var history = PythonJson(bucket["historyTail"]!.GetValue<string>());
        if (history is JsonArray { Count: > 0 } rows)
        {
            history = PythonJson(rows[^1]!.GetValue<string>());
        }

        var events = PythonJson(bucket["eventsTail"]!.GetValue<string>());
        if (events is JsonArray { Count: > 0 } eventRows)
        {
            _ = AsObject(PythonJson(eventRows[^1]!.GetValue<string>()), "eventsTail[-1]");
        }

        _ = AsObject(PythonJson(OrEmpty(bucket["config"])), "config");
        _ = AsObject(PythonJson(OrEmpty(bucket["summaryMetrics"])), "summaryMetrics");
        var lastStep = AsObject(history, "historyTail (after .get)")["_step"]?.GetValue<long>() ?? 0;
        var count = bucket["historyLineCount"]!.GetValue<int>();
        _ = bucket["eventsLineCount"]!.GetValue<int>();
        _ = bucket["logLineCount"]!.GetValue<int>();
        return new ResumePoint(count > 0 ? lastStep + 1 : lastStep, count);
    }

    /// <summary>
    /// The Go core: every line count must be present; <c>historyTail</c>/<c>eventsTail</c> are JSON lists of strings
    /// whose last element must be an object; config and summary must be objects (or null JSON); the starting step
    /// is the summary's <c>_step</c>, then the last history row's, plus one when rows are stored. The run counts as
    /// started only when <c>wandbConfig</c> (when selected) has a <c>t</c> key.
    /// </summary>
    public static ResumePoint GoCore(JsonNode bucket)
    {
        if (bucket["wandbConfig"] is { } wandbConfig && AsObject(JsonNode.Parse(wandbConfig.GetValue<string>()), "wandbConfig")["t"] is null)
        {
            throw new InvalidOperationException("wandbConfig has no \"t\": the Go core treats the run as never started");
        }

        var config = JsonNode.Parse(bucket["config"]?.GetValue<string>() ?? throw new InvalidOperationException("no config found"));
        if (config is not null)
        {
            foreach (var (key, value) in AsObject(config, "config"))
            {
                _ = AsObject(value, $"config.{key}");
            }
        }

        var count = bucket["historyLineCount"]?.GetValue<int>() ?? throw new InvalidOperationException("no history line count found");
        _ = bucket["eventsLineCount"]?.GetValue<int>() ?? throw new InvalidOperationException("no events line count found");
        _ = bucket["logLineCount"]?.GetValue<int>() ?? throw new InvalidOperationException("no log line count found");
        _ = LastRow(bucket["eventsTail"], "eventsTail");
        var summary = JsonNode.Parse(bucket["summaryMetrics"]?.GetValue<string>() ?? throw new InvalidOperationException("no summary metrics found"));
        long step = 0;
        if (summary is not null && AsObject(summary, "summaryMetrics")["_step"] is JsonValue summaryStep)
        {
            step = summaryStep.GetValue<long>();
        }

        if (LastRow(bucket["historyTail"], "historyTail")?["_step"] is JsonValue historyStep)
        {
            step = historyStep.GetValue<long>();
        }

        return new ResumePoint(count > 0 ? step + 1 : step, count);
    }

    private static JsonObject? LastRow(JsonNode? tail, string field)
    {
        var text = tail?.GetValue<string>() ?? throw new InvalidOperationException($"no {field} found");
        var rows = JsonNode.Parse(text) as JsonArray ?? throw new InvalidOperationException($"{field} is not a JSON list");
        return rows.Count == 0 ? null : AsObject(PythonJson(rows[^1]!.GetValue<string>()), $"{field}[-1]");
    }

    private static string OrEmpty(JsonNode? json) => json?.GetValue<string>() is { Length: > 0 } text ? text : "{}";

    private static JsonObject AsObject(JsonNode? node, string what) =>
        node as JsonObject ?? throw new InvalidOperationException($"{what} is {node?.GetValueKind().ToString() ?? "null"}, not an object: the client fails here");

    /// <summary>Both clients accept NaN/Infinity literals in these texts (Python's json, simplejsonext).</summary>
    private static JsonNode? PythonJson(string text) =>
        JsonNode.Parse(text.Replace("-Infinity", "null", StringComparison.Ordinal).Replace("Infinity", "null", StringComparison.Ordinal).Replace("NaN", "null", StringComparison.Ordinal));
}
