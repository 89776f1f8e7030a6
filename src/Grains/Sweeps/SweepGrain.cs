using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Contracts.Sweeps;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// One sweep. Its state (config, control state, agents, runs, search position, random seed) is grain state on the
/// metadata store (SQLite or MySQL), written before any answer that hands out or changes something, so a restart
/// continues the search where it stood. All search decisions happen in <see cref="HeartbeatAsync"/>, one call at a
/// time, which is what keeps two agents from getting the same grid point.
/// </summary>
internal sealed partial class SweepGrain(
    [PersistentState(StateNames.Sweep, StorageNames.Metadata)] IPersistentState<SweepGrainState> persistent,
    IOptions<SweepOptions> options,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    private const string NameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly SweepOptions _options = options.Value;
    private string _entity = "";
    private string _project = "";
    private string _name = "";
    private SweepConfig? _config;

    private SweepGrainState S => persistent.State;

    /// <summary>A fresh id of 8 characters of [a-z0-9], as W&amp;B's sweep, agent and run ids look.</summary>
    public static string NewName() => new(RandomNumberGenerator.GetItems<char>(NameAlphabet, 8));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_entity, _project, _name) = SweepKey.Parse(this.GetPrimaryKeyString());
        if (S.Exists)
        {
            _config = SweepConfig.Parse(S.Config);
            StartRefreshTimer();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<SweepUpsertResult> UpsertAsync(SweepUpsert upsert)
    {
        var inserted = !S.Exists;
        Validate(upsert);
        var state = upsert.State is null ? null : SweepStates.Normalize(upsert.State)
            ?? throw new ArgumentException($"Unknown sweep state '{upsert.State}': use {string.Join(", ", SweepStates.All)}.");

        SweepConfig? config = null;
        if (upsert.Config is not null)
        {
            config = SweepConfig.Parse(upsert.Config);
        }
        else if (inserted)
        {
            throw new ArgumentException("A new sweep needs a config (method, metric, parameters).");
        }

        if (!inserted && state is not null && state != S.State && S.State == SweepStates.Canceled)
        {
            throw new ArgumentException($"Sweep '{_name}' is canceled; a canceled sweep cannot change state.");
        }

        var now = clock.GetUtcNow();
        if (inserted)
        {
            await GrainFactory.GetGrain<IProjectSweepsGrain>(ProjectKey.From(_entity, _project)).AddAsync(_name);
            S.Exists = true;
            S.CreatedAt = now;
            S.CreatedByUserId = upsert.UserId;
            S.State = state ?? SweepStates.Running;
            S.Seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        }
        else if (state is not null)
        {
            S.State = state;
        }

        if (config is not null)
        {
            S.Config = upsert.Config!;
        }

        S.Description = upsert.Description ?? S.Description;
        S.DisplayName = upsert.DisplayName ?? config?.Name ?? S.DisplayName;
        S.Controller = upsert.Controller ?? S.Controller;
        S.Scheduler = upsert.Scheduler ?? S.Scheduler;
        S.UpdatedAt = now;
        foreach (var prior in upsert.PriorRuns)
        {
            if (S.Runs.All(r => r.Name != prior))
            {
                EnsureRunRoom();
                S.Runs.Add(new SweepRunRecord { Name = prior, State = Contracts.Runs.RunStates.Running, CreatedAt = now, Reported = true });
            }
        }

        await WriteAsync();
        _config = config ?? _config;
        if (inserted)
        {
            StartRefreshTimer();
            LogCreated(logger, this.GetPrimaryKeyString(), _config!.Method, upsert.UserId);
        }
        else if (state is not null)
        {
            LogStateChanged(logger, this.GetPrimaryKeyString(), S.State, upsert.UserId);
        }

        return new SweepUpsertResult(Info(), inserted, config?.Warnings ?? []);
    }

    /// <inheritdoc />
    public async Task<SweepInfo?> GetAsync()
    {
        if (!S.Exists)
        {
            return null;
        }

        await RefreshRunsAsync(MaxRefreshPerCall);
        return Info();
    }

    /// <inheritdoc />
    public async Task<SweepAgentInfo> CreateAgentAsync(string host, long userId)
    {
        EnsureExists();
        if (string.IsNullOrEmpty(host) || host.Length > SweepLimits.MaxNameChars)
        {
            throw new ArgumentException($"An agent's host must have 1 to {SweepLimits.MaxNameChars} characters.");
        }

        if (S.Agents.Count >= SweepLimits.MaxAgents)
        {
            throw new CapExceededException($"Sweep '{_name}' already registered {SweepLimits.MaxAgents} agents.");
        }

        var now = clock.GetUtcNow();
        string name;
        do
        {
            name = NewName();
        }
        while (S.Agents.Any(a => a.Name == name));

        var agent = new SweepAgentRecord { Name = name, Host = host, State = AgentStates.Running, CreatedAt = now, HeartbeatAt = now, UserId = userId };
        S.Agents.Add(agent);
        await WriteAsync();
        LogAgentCreated(logger, this.GetPrimaryKeyString(), name, userId);
        return AgentInfo(agent);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SweepAgentInfo>> GetAgentsAsync()
    {
        MarkStaleAgents(clock.GetUtcNow());
        return Task.FromResult<IReadOnlyList<SweepAgentInfo>>(S.Agents.Select(AgentInfo).ToArray());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SweepRunInfo>> GetRunsAsync()
    {
        if (!S.Exists)
        {
            return [];
        }

        await RefreshRunsAsync(MaxRefreshPerCall);
        return S.Runs.Select(r => new SweepRunInfo
        {
            Name = r.Name,
            State = r.State,
            Parameters = r.Parameters,
            Metric = r.Metric,
            CreatedAt = r.CreatedAt,
            Agent = r.Agent,
            EarlyTerminated = r.EarlyTerminated,
        }).ToArray();
    }

    /// <inheritdoc />
    public async Task<string> EnqueueRunAsync(string parametersJson, string? displayName)
    {
        EnsureExists();
        if (parametersJson.Length > SweepLimits.MaxEnqueuedConfigChars)
        {
            throw new CapExceededException($"An enqueued run's config may have at most {SweepLimits.MaxEnqueuedConfigChars} characters.");
        }

        if (S.Queue.Count >= SweepLimits.MaxEnqueuedRuns)
        {
            throw new CapExceededException($"Sweep '{_name}' already has {SweepLimits.MaxEnqueuedRuns} runs waiting for an agent.");
        }

        if (displayName?.Length > SweepLimits.MaxNameChars)
        {
            throw new ArgumentException($"A display name may have at most {SweepLimits.MaxNameChars} characters.");
        }

        JsonObject parameters;
        try
        {
            parameters = JsonNode.Parse(parametersJson) as JsonObject ?? throw new ArgumentException("An enqueued run's config must be a JSON object of parameter values.");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ArgumentException("An enqueued run's config must be a JSON object of parameter values.");
        }

        // W&B's run config shape ({"lr": {"value": 0.1}}) and plain values ({"lr": 0.1}) are both accepted.
        var values = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            values[key] = value is JsonObject wrapped && wrapped.Count == 1 && wrapped.ContainsKey("value") ? wrapped["value"]?.DeepClone() : value?.DeepClone();
        }

        var name = NewRunName();
        S.Queue.Add(new SweepRunRecord
        {
            Name = name,
            State = Contracts.Runs.RunStates.Pending,
            Parameters = values.ToJsonString(),
            CreatedAt = clock.GetUtcNow(),
            DisplayName = displayName,
        });
        await WriteAsync();
        return name;
    }

    private void Validate(SweepUpsert upsert)
    {
        if (upsert.Description?.Length > SweepLimits.MaxDescriptionChars)
        {
            throw new CapExceededException($"A sweep description may have at most {SweepLimits.MaxDescriptionChars} characters.");
        }

        if (upsert.DisplayName?.Length > SweepLimits.MaxNameChars)
        {
            throw new CapExceededException($"A sweep display name may have at most {SweepLimits.MaxNameChars} characters.");
        }

        foreach (var json in new[] { upsert.Controller, upsert.Scheduler })
        {
            if (json?.Length > SweepLimits.MaxDescriptionChars)
            {
                throw new CapExceededException($"A sweep controller or scheduler setting may have at most {SweepLimits.MaxDescriptionChars} characters.");
            }
        }

        ValidateController(upsert.Controller);

        if (upsert.PriorRuns.Count > SweepLimits.MaxRuns)
        {
            throw new CapExceededException($"At most {SweepLimits.MaxRuns} prior runs can join a sweep.");
        }
    }

    private void EnsureExists()
    {
        if (!S.Exists)
        {
            throw new ArgumentException($"Sweep '{_name}' was not found.");
        }
    }

    private void EnsureRunRoom()
    {
        if (S.Runs.Count >= SweepLimits.MaxRuns)
        {
            throw new CapExceededException($"Sweep '{_name}' already holds {SweepLimits.MaxRuns} runs.");
        }
    }

    private string NewRunName()
    {
        string name;
        do
        {
            name = NewName();
        }
        while (S.Runs.Any(r => r.Name == name) || S.Queue.Any(r => r.Name == name));

        return name;
    }

    /// <summary>
    /// Writes the state. When the write fails the activation is dropped, so the next call starts from what is
    /// stored and nothing the caller was not told about (a proposed run, a new agent) survives in memory only.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await persistent.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private SweepInfo Info()
    {
        var config = _config!;
        var metrics = S.Runs.Where(r => r.Metric is { } m && double.IsFinite(m)).Select(r => r.Metric!.Value).ToArray();
        return new SweepInfo
        {
            Entity = _entity,
            Project = _project,
            Name = _name,
            DisplayName = S.DisplayName,
            Description = S.Description,
            Method = config.Method,
            State = S.State,
            Config = S.Config,
            Controller = S.Controller,
            Scheduler = S.Scheduler,
            CreatedAt = S.CreatedAt,
            UpdatedAt = S.UpdatedAt,
            HeartbeatAt = S.HeartbeatAt,
            RunCount = S.Runs.Count,
            RunCountExpected = config.ExpectedRunCount,
            BestLoss = metrics.Length == 0 ? null : config.Maximize ? metrics.Max() : metrics.Min(),
            MetricName = config.MetricName,
            MetricGoal = config.Maximize ? "maximize" : "minimize",
            CreatedByUserId = S.CreatedByUserId,
            AgentCount = S.Agents.Count,
            EarlyTerminate = config.EarlyTerminate is not null,
        };
    }

    private static SweepAgentInfo AgentInfo(SweepAgentRecord agent) => new()
    {
        Name = agent.Name,
        Host = agent.Host,
        State = agent.State,
        CreatedAt = agent.CreatedAt,
        HeartbeatAt = agent.HeartbeatAt,
        TotalRuns = agent.Runs.Count,
        UserId = agent.UserId,
        RunNames = [.. agent.Runs],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepKey} created ({Method}) by user {UserId}")]
    private static partial void LogCreated(ILogger logger, string sweepKey, string method, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepKey} set to {State} by user {UserId}")]
    private static partial void LogStateChanged(ILogger logger, string sweepKey, string state, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepKey}: agent {Agent} registered by user {UserId}")]
    private static partial void LogAgentCreated(ILogger logger, string sweepKey, string agent, long userId);
}
