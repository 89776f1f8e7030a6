using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Sweeps;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>The agent protocol: what a heartbeat changes and which commands it answers.</summary>
internal sealed partial class SweepGrain
{
    /// <inheritdoc />
    public async Task<AgentCommands> HeartbeatAsync(AgentHeartbeat heartbeat)
    {
        EnsureExists();
        if (heartbeat.RunningRuns.Count > SweepLimits.MaxHeartbeatRuns)
        {
            throw new CapExceededException($"A heartbeat may list at most {SweepLimits.MaxHeartbeatRuns} runs.");
        }

        var agent = S.Agents.FirstOrDefault(a => a.Name == heartbeat.Agent)
            ?? throw new ArgumentException($"Agent '{heartbeat.Agent}' of sweep '{_name}' was not found.");
        var now = clock.GetUtcNow();
        agent.HeartbeatAt = now;
        S.HeartbeatAt = now;
        if (agent.State == AgentStates.Crashed)
        {
            agent.State = AgentStates.Running;
        }

        var changed = false;

        // Runs this agent was given that it no longer runs have ended; a run whose grain never saw it crashed early.
        var running = heartbeat.RunningRuns.ToHashSet(StringComparer.Ordinal);
        foreach (var run in S.Runs.Where(r => r.Agent == agent.Name && !IsDone(r.State) && !running.Contains(r.Name)).ToList())
        {
            await ResolveEndedRunAsync(run);
            changed = true;
        }

        changed |= MarkStaleAgents(now);
        changed |= await RefreshRunsAsync(MaxRefreshPerCall, write: false);

        var mine = S.Runs.Where(r => r.Agent == agent.Name && running.Contains(r.Name)).ToList();
        var commands = new JsonArray();
        switch (S.State)
        {
            case SweepStates.Canceled:
                foreach (var run in mine)
                {
                    commands.Add(Stop(run.Name));
                }

                commands.Add(new JsonObject { ["type"] = "exit" });
                changed |= Finish(agent);
                break;
            case SweepStates.Finished or SweepStates.Stopped:
                if (mine.Count == 0)
                {
                    commands.Add(new JsonObject { ["type"] = "exit" });
                    changed |= Finish(agent);
                }

                break;
            case SweepStates.Paused:
                break;
            default:
                // A local controller decides early termination itself; otherwise the server's hyperband does.
                var stops = _config!.LocalController ? LocalControllerStops(mine) : await EarlyTerminationAsync(mine);
                foreach (var stop in stops)
                {
                    commands.Add(Stop(stop.Name));
                    if (!stop.EarlyTerminated)
                    {
                        stop.EarlyTerminated = true;
                        changed = true;
                    }
                }

                // An agent runs one run at a time (wandb_agent.py starts every "run" it is sent at once).
                if (mine.Count == 0 && running.Count == 0)
                {
                    if (Propose(agent, now) is { } proposed)
                    {
                        commands.Add(RunCommand(proposed));
                        changed = true;
                    }
                    else if (!S.Runs.Any(r => !IsDone(r.State)) && (!_config.LocalController || LocalControllerDone()))
                    {
                        // The search is exhausted (grid done, run_cap reached) and nothing can still crash back into it.
                        S.State = SweepStates.Finished;
                        S.UpdatedAt = now;
                        commands.Add(new JsonObject { ["type"] = "exit" });
                        Finish(agent);
                        changed = true;
                    }
                }

                break;
        }

        if (changed)
        {
            await WriteAsync();
        }

        return new AgentCommands(commands.ToJsonString(), AgentInfo(agent));
    }

    private static bool Finish(SweepAgentRecord agent)
    {
        if (agent.State == AgentStates.Finished)
        {
            return false;
        }

        agent.State = AgentStates.Finished;
        return true;
    }

    private static JsonObject Stop(string run) => new() { ["type"] = "stop", ["run_id"] = run };

    private JsonObject RunCommand(SweepRunRecord run) => new()
    {
        ["type"] = "run",
        ["run_id"] = run.Name,
        ["program"] = _config!.Program,
        ["args"] = SweepPoint.Args((JsonObject)JsonNode.Parse(run.Parameters)!),
    };

    /// <summary>The next run for <paramref name="agent"/>, recorded in the state; null when the search has nothing left.</summary>
    private SweepRunRecord? Propose(SweepAgentRecord agent, DateTimeOffset now)
    {
        var config = _config!;
        SweepRunRecord? run = null;
        if (S.Queue.Count > 0)
        {
            run = S.Queue[0];
            S.Queue.RemoveAt(0);
        }
        else if (config.LocalController)
        {
            run = ProposeFromLocalController(now);
            if (run is null)
            {
                return null;
            }
        }
        else
        {
            var counted = S.Runs.Count(r => !r.Retried);
            if (config.RunCap is { } cap && counted >= cap && S.GridRetries.Count == 0)
            {
                return null;
            }

            if (config.Method == "grid")
            {
                long index;
                if (S.GridRetries.Count > 0)
                {
                    index = S.GridRetries[0];
                    S.GridRetries.RemoveAt(0);
                }
                else if (S.NextGridIndex < config.GridSize && (config.RunCap is not { } c || counted < c))
                {
                    index = S.NextGridIndex++;
                }
                else
                {
                    return null;
                }

                var grid = config.Parameters.Select(p => p.GridValues()).ToArray();
                run = NewRun(SweepPoint.Nest(config.Parameters, GridSearch.Point(grid, index)), now);
                run.GridIndex = index;
            }
            else
            {
                var random = new Random(HashCode.Combine(S.Seed, S.Draws++));
                var values = config.Method == "bayes"
                    ? BayesSearch.Point(config.Parameters, Observations(), Pending(), config.Maximize, random)
                    : RandomSearch.Point(config.Parameters, random);
                run = NewRun(SweepPoint.Nest(config.Parameters, values), now);
            }
        }

        EnsureRunRoom();
        run.Agent = agent.Name;
        run.State = RunStates.Pending;
        run.CreatedAt = now;
        S.Runs.Add(run);
        agent.Runs.Add(run.Name);
        return run;
    }

    private SweepRunRecord NewRun(JsonObject parameters, DateTimeOffset now) => new()
    {
        Name = NewRunName(),
        State = RunStates.Pending,
        Parameters = parameters.ToJsonString(),
        CreatedAt = now,
    };

    private List<BayesSearch.Observation> Observations()
    {
        var parameters = _config!.Parameters;
        var observed = new List<BayesSearch.Observation>();
        foreach (var run in S.Runs)
        {
            if (run.Metric is { } metric && double.IsFinite(metric) && Unit(run, parameters) is { } x)
            {
                observed.Add(new BayesSearch.Observation(x, metric));
            }
        }

        return observed;
    }

    private List<double[]> Pending() =>
        S.Runs.Where(r => !IsDone(r.State)).Select(r => Unit(r, _config!.Parameters)).OfType<double[]>().ToList();

    private static double[]? Unit(SweepRunRecord run, IReadOnlyList<SweepParameter> parameters)
    {
        if (JsonNode.Parse(run.Parameters) is not JsonObject point)
        {
            return null;
        }

        var x = new double[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!SweepPoint.TryGet(point, parameters[i], out var value) || parameters[i].ToUnit(value) is not { } u)
            {
                return null;
            }

            x[i] = u;
        }

        return x;
    }

    /// <summary>True when the run ended (any state but pending and running).</summary>
    private static bool IsDone(string state) => state is not (RunStates.Pending or RunStates.Running or RunStates.Preempting);
}
