using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// Sweeps with <c>controller: {type: local}</c> (wandb v0.16.6 wandb_controller.py:_WandbController). The local
/// controller searches on the user's machine and writes its decisions to the sweep's <c>controller</c> field
/// (<c>{"schedule": [{"id", "data": {"args"}}], "earlystop": [run ids]}</c>); the server hands each scheduled entry to
/// the next idle agent as a run and answers in the <c>scheduler</c> field (<c>{"scheduled": [{"id", "runid"}]}</c>),
/// from which the controller learns the run's id and drops the entry. An entry whose <c>args</c> is null means the
/// controller's search is exhausted.
/// </summary>
internal sealed partial class SweepGrain
{
    /// <summary>The run for the first scheduled entry not handed out yet, recorded in <c>scheduler</c>; null when there is none.</summary>
    private SweepRunRecord? ProposeFromLocalController(DateTimeOffset now)
    {
        var schedule = ScheduleEntries();
        var scheduled = ScheduledEntries();
        var handedOut = scheduled.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, args) in schedule)
        {
            if (handedOut.Contains(id))
            {
                continue;
            }

            if (args is null)
            {
                return null;
            }

            // The controller sends a run config ({"lr": {"value": 0.1}}); the sweep keeps plain values.
            var values = new JsonObject();
            foreach (var (key, value) in args)
            {
                values[key] = value is JsonObject wrapped && wrapped.ContainsKey("value") ? wrapped["value"]?.DeepClone() : value?.DeepClone();
            }

            var run = NewRun(values, now);

            // Entries the controller already dropped from its schedule are not kept: the field stays small.
            var live = schedule.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var list = new JsonArray();
            foreach (var entry in scheduled.Where(e => live.Contains(e.Id)).Append((Id: id, RunId: run.Name)))
            {
                list.Add(new JsonObject { ["id"] = entry.Id, ["runid"] = entry.RunId });
            }

            S.Scheduler = new JsonObject { ["scheduled"] = list }.ToJsonString();
            return run;
        }

        return null;
    }

    /// <summary>True when the local controller scheduled its end (an entry with null args) and it is the next one.</summary>
    private bool LocalControllerDone()
    {
        var handedOut = ScheduledEntries().Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return ScheduleEntries().FirstOrDefault(e => !handedOut.Contains(e.Id)) is { Id: not null, Args: null };
    }

    /// <summary>The agent's runs the local controller asked to stop (<c>controller.earlystop</c>).</summary>
    private IReadOnlyList<SweepRunRecord> LocalControllerStops(IReadOnlyList<SweepRunRecord> mine)
    {
        if (Controller()?["earlystop"] is not JsonArray earlystop)
        {
            return [];
        }

        var names = earlystop.OfType<JsonValue>().Select(v => v.TryGetValue(out string? name) ? name : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return mine.Where(r => names.Contains(r.Name)).ToArray();
    }

    private List<(string Id, JsonObject? Args)> ScheduleEntries()
    {
        var entries = new List<(string, JsonObject?)>();
        if (Controller()?["schedule"] is JsonArray schedule)
        {
            foreach (var entry in schedule.OfType<JsonObject>())
            {
                if (entry["id"] is JsonValue id && id.TryGetValue(out string? text))
                {
                    entries.Add((text, entry["data"]?["args"] as JsonObject));
                }
            }
        }

        return entries;
    }

    private List<(string Id, string RunId)> ScheduledEntries()
    {
        var entries = new List<(string, string)>();
        if (ParseObject(S.Scheduler)?["scheduled"] is JsonArray scheduled)
        {
            foreach (var entry in scheduled.OfType<JsonObject>())
            {
                if (entry["id"] is JsonValue id && id.TryGetValue(out string? text) && entry["runid"] is JsonValue run && run.TryGetValue(out string? runId))
                {
                    entries.Add((text, runId));
                }
            }
        }

        return entries;
    }

    private JsonObject? Controller() => ParseObject(S.Controller);

    private static JsonObject? ParseObject(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>controller</c> field must be a JSON object (what the local controller writes), or absent.</summary>
    private static void ValidateController(string? controller)
    {
        if (controller is not null && ParseObject(controller) is null)
        {
            throw new ArgumentException("A sweep's controller setting must be a JSON object (schedule, earlystop).");
        }
    }
}
