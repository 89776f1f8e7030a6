using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// How the sweep learns what became of its runs: from the agents' heartbeats (a run no longer listed has ended), from
/// <c>upsertBucket(sweep:)</c>, and by reading unfinished runs' grains on a timer (agents started with
/// <c>--count</c> exit without a last heartbeat).
/// </summary>
internal sealed partial class SweepGrain
{
    private const int MaxRefreshPerCall = 32;
    private int _refreshCursor;
    private IGrainTimer? _refreshTimer;
    private readonly Dictionary<string, IReadOnlyList<double>> _finishedHistories = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<bool> AttachRunAsync(string runName)
    {
        if (!S.Exists)
        {
            return false;
        }

        var run = S.Runs.FirstOrDefault(r => r.Name == runName);
        if (run is { Reported: true })
        {
            return true;
        }

        if (run is null)
        {
            EnsureRunRoom();
            run = new SweepRunRecord { Name = runName, State = RunStates.Running, CreatedAt = clock.GetUtcNow() };
            S.Runs.Add(run);
        }

        run.Reported = true;
        if (run.State == RunStates.Pending)
        {
            run.State = RunStates.Running;
        }

        await WriteAsync();
        return true;
    }

    private void StartRefreshTimer()
    {
        _refreshTimer ??= this.RegisterGrainTimer(
            async () =>
            {
                if (S.Runs.Any(r => !IsDone(r.State)))
                {
                    await RefreshRunsAsync(MaxRefreshPerCall);
                }
            },
            new GrainTimerCreationOptions(_options.RefreshPeriod, _options.RefreshPeriod) { Interleave = false, KeepAlive = false });
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> unfinished runs from their grains (round robin) and records their state and
    /// metric; writes the state when something changed unless <paramref name="write"/> is false (the caller writes).
    /// </summary>
    private async Task<bool> RefreshRunsAsync(int limit, bool write = true)
    {
        var open = S.Runs.Where(r => r.Reported && !IsDone(r.State)).ToList();
        if (open.Count == 0)
        {
            return false;
        }

        var changed = false;
        for (var i = 0; i < Math.Min(limit, open.Count); i++)
        {
            var run = open[(_refreshCursor + i) % open.Count];
            var info = await GrainFactory.GetGrain<IRunGrain>(RunKey.From(_entity, _project, run.Name)).GetAsync();
            if (info is not null)
            {
                changed |= Record(run, info);
            }
        }

        _refreshCursor += limit;
        if (changed && write)
        {
            await WriteAsync();
        }

        return changed;
    }

    /// <summary>A run the agent stopped listing: its grain's state, or crashed when it never reported or never finished.</summary>
    private async Task ResolveEndedRunAsync(SweepRunRecord run)
    {
        var info = await GrainFactory.GetGrain<IRunGrain>(RunKey.From(_entity, _project, run.Name)).GetAsync();
        if (info is not null)
        {
            run.Reported = true;
            Record(run, info);
        }

        if (!IsDone(run.State))
        {
            // The process is gone but the run never said it finished: it died (kill -9, OOM, exception before init).
            run.State = RunStates.Crashed;
        }

        OfferAgainIfCrashed(run);
    }

    private bool Record(SweepRunRecord run, RunInfo info)
    {
        var changed = false;
        var metric = MetricOf(info.SummaryMetrics);
        if (metric != run.Metric)
        {
            run.Metric = metric;
            changed = true;
        }

        if (run.Parameters == "{}" && ParametersFromConfig(info.Config) is { } parameters)
        {
            run.Parameters = parameters;
            changed = true;
        }

        var state = info.State == RunStates.Pending ? RunStates.Running : info.State;
        if (state != run.State)
        {
            run.State = state;
            changed = true;
            OfferAgainIfCrashed(run);
        }

        return changed;
    }

    /// <summary>A grid point whose run crashed or failed goes back to the front of the grid, a bounded number of times.</summary>
    private void OfferAgainIfCrashed(SweepRunRecord run)
    {
        if (run.GridIndex is not { } index || run.Retried || run.State is not (RunStates.Crashed or RunStates.Failed) || run.EarlyTerminated)
        {
            return;
        }

        var attempts = S.Runs.Count(r => r.GridIndex == index);
        if (attempts > _options.GridRetries || S.GridRetries.Contains(index) || S.Runs.Any(r => r.GridIndex == index && !IsDone(r.State)))
        {
            return;
        }

        run.Retried = true;
        S.GridRetries.Add(index);
    }

    /// <summary>Agents silent past the timeout become crashed; the runs they were given but never started are re-offered.</summary>
    private bool MarkStaleAgents(DateTimeOffset now)
    {
        var changed = false;
        foreach (var agent in S.Agents.Where(a => a.State == AgentStates.Running && a.HeartbeatAt < now - _options.AgentTimeout))
        {
            agent.State = AgentStates.Crashed;
            changed = true;
            foreach (var run in S.Runs.Where(r => r.Agent == agent.Name && r.State == RunStates.Pending && !r.Reported))
            {
                run.State = RunStates.Crashed;
                OfferAgainIfCrashed(run);
            }
        }

        return changed;
    }

    /// <summary>The sweep metric in a run's summary: the key as written, else the dotted path into nested objects.</summary>
    private double? MetricOf(string summaryJson)
    {
        if (_config?.MetricName is not { } name || summaryJson.Length <= 2)
        {
            return null;
        }

        JsonNode? summary;
        try
        {
            summary = JsonNode.Parse(summaryJson);
        }
        catch (JsonException)
        {
            return null;
        }

        if (summary is not JsonObject obj)
        {
            return null;
        }

        if (obj.TryGetPropertyValue(name, out var direct))
        {
            return Number(direct);
        }

        JsonNode? node = obj;
        foreach (var part in name.Split('.'))
        {
            if (node is not JsonObject level || !level.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return Number(node);
    }

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue value when SweepParameter.TryNumber(value) is { } number => number,
        JsonValue value when value.TryGetValue(out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The searched parameters' values in a run config (<c>{"lr": {"value": 0.1}}</c>), for runs the sweep did not propose.</summary>
    private string? ParametersFromConfig(string configJson)
    {
        if (_config is null || configJson.Length <= 2)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(configJson) is not JsonObject config)
            {
                return null;
            }

            var values = new JsonNode?[_config.Parameters.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var path = _config.Parameters[i].Path;
                JsonNode? node = config[path[0]] is JsonObject wrapped && wrapped.ContainsKey("value") ? wrapped["value"] : config[path[0]];
                for (var level = 1; level < path.Count; level++)
                {
                    node = node is JsonObject obj ? obj[path[level]] : null;
                }

                if (node is null)
                {
                    return null;
                }

                values[i] = node;
            }

            return SweepPoint.Nest(_config.Parameters, values).ToJsonString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Hyperband: which of the agent's running runs fell behind at a bracket.</summary>
    private async Task<IReadOnlyList<SweepRunRecord>> EarlyTerminationAsync(IReadOnlyList<SweepRunRecord> mine)
    {
        if (_config is not { EarlyTerminate: { } hyperband, MetricName: { } metric } || mine.Count == 0)
        {
            return [];
        }

        var histories = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        foreach (var run in S.Runs.Where(r => r.Reported))
        {
            if (_finishedHistories.TryGetValue(run.Name, out var cached))
            {
                histories[run.Name] = cached;
                continue;
            }

            var history = await MetricHistoryAsync(run.Name, metric);
            histories[run.Name] = history;
            if (IsDone(run.State))
            {
                _finishedHistories[run.Name] = history;
            }
        }

        var names = hyperband.RunsToStop(histories, mine.Select(r => r.Name).ToHashSet(), _config.Maximize);
        return mine.Where(r => names.Contains(r.Name)).ToArray();
    }

    private async Task<IReadOnlyList<double>> MetricHistoryAsync(string run, string metric)
    {
        var json = await GrainFactory.GetGrain<IRunGrain>(RunKey.From(_entity, _project, run))
            .GetSampledHistoryAsync(new SampledHistorySpec([metric], 100_000, null, null));
        var values = new List<double>();
        if (JsonNode.Parse(json) is JsonArray rows)
        {
            foreach (var row in rows)
            {
                if (row is JsonObject obj && Number(obj[metric]) is { } value && double.IsFinite(value))
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }
}
