using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// One run. Metadata lives in persistent grain state (written on every upsert); stream data goes to the run
/// log, one durable record per file_stream batch, and is applied to the small in-memory state (counts, tails,
/// summary, lifecycle) only once durable. An activation loads the state and replays the log after its
/// checkpoint. Rows for the run table are pushed coalesced: at once on upserts and state changes, otherwise
/// at most every <see cref="RunOptions.RowPushInterval"/>. History and events lines are compacted into columnar
/// segments by <see cref="RunHistory"/> on a timer, off the request path; every history read goes through it.
/// </summary>
internal sealed partial class RunGrain(
    [PersistentState(StateNames.Run, StorageNames.Metadata)] IPersistentState<RunState> persistent,
    IRunLogStore log,
    IMetadataStore metadata,
    IHistorySegmentStore segments,
    HistoryWriter historyWriter,
    HistoryCache historyCache,
    IOptions<HistoryOptions> historyOptions,
    IOptions<RunOptions> options,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock,
    ILogger<RunGrain> logger) : Grain, IRunGrain, IRemindable
{
    /// <summary>The reminder that checks heartbeats while the run is alive.</summary>
    internal const string HeartbeatReminder = "heartbeat";

    private readonly RunOptions _options = options.Value;
    private string _key = "";
    private string _entity = "";
    private string _project = "";
    private string _name = "";
    private bool _rowDirty;
    private bool _stateDirty;
    private bool _reminderRegistered;
    private bool _superseded;
    private long _persistedPosition;
    private RunHistory _history = null!;
    private DateTimeOffset _lastAppendAt;

    private RunState S => persistent.State;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        (_entity, _project, _name) = RunKey.Parse(_key);
        _persistedPosition = S.LogPosition;
        _history = new RunHistory(_key, segments, historyWriter, historyCache, historyOptions.Value);
        if (S.Exists)
        {
            await ReplayAsync(await _history.LoadAsync(), cancellationToken);
            if (RunStateMachine.IsAlive(S.State))
            {
                await EnsureReminderAsync();
            }
        }

        // First ticks at a random point of the period: runs that start together (a sweep, a restart, a benchmark)
        // would otherwise tick together forever, and their compactions would arrive as one burst of CPU work that
        // every request in flight waits behind.
        var rowPush = _options.RowPushInterval;
        this.RegisterGrainTimer(
            static (grain, _) => grain.OnTimerAsync(),
            this,
            new GrainTimerCreationOptions(AtRandomPointOf(rowPush), rowPush) { KeepAlive = false });
        var compaction = historyOptions.Value.CompactionInterval;
        this.RegisterGrainTimer(
            static (grain, _) => grain.CompactAsync(),
            this,
            new GrainTimerCreationOptions(AtRandomPointOf(compaction), compaction) { KeepAlive = false });
    }

    private static TimeSpan AtRandomPointOf(TimeSpan period) => period * Random.Shared.NextDouble();

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_superseded)
        {
            // Its checkpoints would overwrite newer ones with a stale view; the log has everything it acknowledged.
            return;
        }

        if (S.Exists)
        {
            try
            {
                await _history.FlushAsync();
            }
            catch (Exception e)
            {
                // Nothing is lost: the next activation replays the log from the manifest's position.
                LogCompactionFailed(_key, e);
            }
        }

        if (_rowDirty)
        {
            await PushRowAsync();
        }

        if (_stateDirty)
        {
            try
            {
                await WriteStateAsync();
            }
            catch (Exception e)
            {
                // Nothing is lost: the next activation replays the log from the older checkpoint.
                LogStateWriteFailed(_key, e);
            }
        }
    }

    /// <inheritdoc />
    public async Task<RunUpsertResult> UpsertAsync(RunUpsert upsert)
    {
        EnsureJsonObject(upsert.Config, "config");
        EnsureJsonObject(upsert.SummaryMetrics, "summaryMetrics");
        if (!S.Exists)
        {
            await CreateAsync(upsert.UserId, upsert);
            return new RunUpsertResult(ToInfo(), Inserted: true);
        }

        ApplyFields(upsert);
        S.UpdatedAt = clock.GetUtcNow();
        await WriteStateAsync();
        NotifyViewers();
        await PushRowAsync();
        return new RunUpsertResult(ToInfo(), Inserted: false);
    }

    /// <inheritdoc />
    public async ValueTask<FileStreamResult> AppendAsync(FileStreamBatch batch)
    {
        // Everything is checked before anything is written: a batch is stored whole or not at all.
        BatchValidator.Validate(batch);
        if (!S.Exists)
        {
            await CreateAsync(batch.UserId, upsert: null);
        }

        var at = clock.GetUtcNow();
        long end;
        using (var record = RunLogCodec.Encode(batch, at))
        {
            end = await log.AppendAsync(_key, record.Memory);
        }

        // Durable: now (and only now) it may change what the run reports. The lines go into the columnar
        // segments at once: held as request strings until the next compaction tick they would outlive the
        // young GC generation by seconds, and promoting every row made ingestion GC-bound.
        _history.Accept(batch.Files, end);
        await ApplyHistoryAsync();
        _lastAppendAt = at;
        var changed = RunStateMachine.Apply(S, batch.Files, batch.Complete, batch.ExitCode, batch.Preempting, at);
        S.LogPosition = end;
        _stateDirty = true;
        _rowDirty = true;
        NotifyViewers();
        if (changed)
        {
            LogStateChanged(_key, S.State);
            await OnLifecycleChangedAsync();
        }

        return new FileStreamResult(S.Stopped);
    }

    /// <inheritdoc />
    public ValueTask<RunInfo?> GetAsync() => ValueTask.FromResult(S.Exists ? ToInfo() : null);

    /// <inheritdoc />
    public async Task<RunInfo> EnsureAsync(long userId)
    {
        if (!S.Exists)
        {
            await CreateAsync(userId, upsert: null);
        }

        return ToInfo();
    }

    /// <inheritdoc />
    public async Task<RunInfo?> RequestStopAsync()
    {
        if (!S.Exists)
        {
            return null;
        }

        if (!S.Stopped)
        {
            S.Stopped = true;
            S.UpdatedAt = clock.GetUtcNow();
            await WriteStateAsync();
        }

        return ToInfo();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetHistoryAsync(HistoryWindow window)
    {
        if (!S.Exists)
        {
            return [];
        }

        return await ReadHistoryAsync(() => HistoryRows.ReadAsync(_history.Of(window.Stream), window.MinStep, window.MaxStep, window.Samples));
    }

    /// <inheritdoc />
    public async Task<string> GetSampledHistoryAsync(SampledHistorySpec spec)
    {
        if (!S.Exists)
        {
            return "[]";
        }

        return await ReadHistoryAsync(() => HistorySampling.SampleAsync(_history.Of(spec.Stream), spec));
    }

    /// <inheritdoc />
    public Task<string?> GetWandbConfigAsync(IReadOnlyList<string>? keys) =>
        Task.FromResult(S.Exists ? WandbConfig.Select(S.Config, keys) : null);

    /// <inheritdoc />
    public async Task<string> GetHistoryKeysAsync()
    {
        return await ReadHistoryAsync(() => HistoryKeys.BuildAsync(_history.History));
    }

    /// <inheritdoc />
    public async Task RegisterFileAsync(RunFileInfo file)
    {
        if (!S.Exists)
        {
            // The upload was authorised by its signed URL; losing the file because nobody ensured the run first
            // would be worse than a run whose owner is unknown (user 0), as for file_stream (wandb-api.md §6.5).
            await CreateAsync(userId: 0, upsert: null);
        }

        if (await metadata.UpsertRunFileAsync(S.Id, file))
        {
            S.FileCount++;
            await WriteStateAsync();
        }

        NotifyViewers();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunFileInfo>> GetFilesAsync() =>
        S.Exists ? await metadata.ListRunFilesAsync(S.Id) : [];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChartSeries>> GetChartAsync(ChartQuery query)
    {
        if (!S.Exists)
        {
            return [];
        }

        return await ReadHistoryAsync(() => HistoryCharts.BuildAsync(_history.Of(query.Stream), query));
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync()
    {
        if (!S.Exists)
        {
            return false;
        }

        var id = S.Id;
        await RemoveReminderAsync();
        await _history.DeleteAsync();
        await log.DeleteAsync(_key);
        await metadata.DeleteRunAsync(id);
        await GrainFactory.GetGrain<IProjectGrain>(ProjectKey.From(_entity, _project)).RemoveRunAsync(_name);
        await persistent.ClearStateAsync();
        persistent.State = new RunState();
        _rowDirty = false;
        _stateDirty = false;
        _persistedPosition = 0;
        LogRunDeleted(_key, id);
        NotifyViewers();
        DeactivateOnIdle();
        return true;
    }

    /// <inheritdoc />
    public async Task<RunInfo?> SetStateAsync(string state)
    {
        if (!S.Exists)
        {
            return null;
        }

        if (state is not (RunStates.Pending or RunStates.Failed))
        {
            throw new ArgumentException($"A run's state can only be set to '{RunStates.Pending}' or '{RunStates.Failed}', not '{state}'.", nameof(state));
        }

        S.State = state;
        S.UpdatedAt = clock.GetUtcNow();
        await OnLifecycleChangedAsync();
        return ToInfo();
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != HeartbeatReminder)
        {
            return;
        }

        if (!S.Exists || !RunStateMachine.IsAlive(S.State))
        {
            await RemoveReminderAsync();
            return;
        }

        if (RunStateMachine.CheckHeartbeat(S, clock.GetUtcNow(), _options.HeartbeatTimeout))
        {
            LogHeartbeatLost(_key, S.State);
            await OnLifecycleChangedAsync();
        }
    }

    private async Task CreateAsync(long userId, RunUpsert? upsert)
    {
        var now = clock.GetUtcNow();
        S.UserId = userId;
        S.CreatedAt = now;
        S.UpdatedAt = now;
        S.HeartbeatAt = now;
        S.State = upsert?.State is RunStates.Pending or RunStates.Running ? upsert.State : RunStates.Running;
        if (upsert is not null)
        {
            ApplyFields(upsert);
        }

        // The project must exist before its run table can show the run (JS clients never create it).
        await GrainFactory.GetGrain<IProjectGrain>(ProjectKey.From(_entity, _project)).EnsureAsync(userId);
        S.Id = await metadata.InsertRunAsync(_entity, _project, ToRow());
        S.DisplayName ??= DisplayNames.Generate(S.Id);
        S.Exists = true;
        await WriteStateAsync();
        LogRunCreated(_key, S.Id);
        await PushRowAsync();
        if (RunStateMachine.IsAlive(S.State))
        {
            await EnsureReminderAsync();
        }
    }

    private void ApplyFields(RunUpsert upsert)
    {
        // Null means "unchanged"; config, summary and tags replace the stored values whole.
        S.DisplayName = upsert.DisplayName ?? S.DisplayName;
        S.Description = upsert.Description ?? S.Description;
        S.Notes = upsert.Notes ?? S.Notes;
        S.GroupName = upsert.GroupName ?? S.GroupName;
        S.JobType = upsert.JobType ?? S.JobType;
        S.Commit = upsert.Commit ?? S.Commit;
        S.Host = upsert.Host ?? S.Host;
        S.Program = upsert.Program ?? S.Program;
        S.Repo = upsert.Repo ?? S.Repo;
        S.SweepName = upsert.SweepName ?? S.SweepName;
        S.Config = upsert.Config ?? S.Config;
        S.Summary = upsert.SummaryMetrics ?? S.Summary;
        S.ForUserId = upsert.ForUserId ?? S.ForUserId;
        if (upsert.Tags is not null)
        {
            S.Tags = [.. upsert.Tags];
        }
    }

    /// <summary>
    /// Replays the run log after the older of two checkpoints: the persisted state's (counts, tails, lifecycle) and
    /// the history manifest's (compacted segments). Each record is applied only to what has not seen it yet.
    /// </summary>
    private async Task ReplayAsync(long historyPosition, CancellationToken cancellationToken)
    {
        var records = 0;
        var statePosition = S.LogPosition;
        await foreach (var record in log.ReadAsync(_key, Math.Min(statePosition, historyPosition), cancellationToken))
        {
            var batch = RunLogCodec.Decode(record.Payload);
            if (record.EndPosition > historyPosition)
            {
                _history.Accept(batch.Files, record.EndPosition);
            }

            if (record.EndPosition > statePosition)
            {
                RunStateMachine.Apply(S, batch.Files, batch.Complete, batch.ExitCode, batch.Preempting, batch.At);
                S.LogPosition = record.EndPosition;
                records++;
            }
        }

        if (records > 0)
        {
            _stateDirty = true;
            _rowDirty = true;
            LogReplayed(_key, records);
        }
    }

    /// <summary>
    /// Runs a history read on every acknowledged row. Compacted blobs are not fsynced (the log is the durable
    /// record), so a blob torn by a power loss is possible: then the history is rebuilt from the log and read again.
    /// </summary>
    private async Task<T> ReadHistoryAsync<T>(Func<Task<T>> read)
    {
        await ApplyHistoryAsync();
        try
        {
            return await read();
        }
        catch (InvalidDataException e)
        {
            await RebuildHistoryAsync(e);
            return await read();
        }
    }

    /// <summary>
    /// Applies queued lines to the history. A stored blob the manifest names may be damaged, or gone: an overlapping
    /// activation of this run on another silo (a silo just died, and the directory briefly let two live) compacted
    /// after this one loaded the manifest and removed the versions it superseded. Then the history is rebuilt from
    /// the log, which holds every acknowledged batch; without this every later batch would fail the same way.
    /// </summary>
    private async Task ApplyHistoryAsync()
    {
        try
        {
            await _history.ApplyPendingAsync();
        }
        catch (InvalidDataException e)
        {
            await RebuildHistoryAsync(e);
        }
    }

    private async Task RebuildHistoryAsync(InvalidDataException cause)
    {
        LogHistoryRebuilt(_key, cause);
        await _history.RestartAsync();
        await foreach (var record in log.ReadAsync(_key))
        {
            _history.Accept(RunLogCodec.Decode(record.Payload).Files, record.EndPosition);
        }

        await _history.ApplyPendingAsync();
    }

    /// <summary>
    /// The compaction tick: records a finished write, applies queued lines and hands changed segments to the
    /// writer. Never waits for storage, so file_stream calls queue behind it for CPU work only.
    /// </summary>
    private async Task CompactAsync()
    {
        if (!S.Exists || _superseded)
        {
            return;
        }

        var quietFor = clock.GetUtcNow() - _lastAppendAt;
        var idle = quietFor > historyOptions.Value.IdleRelease;
        if (_history.CheckCompaction(out var failure, releaseAll: idle) && failure is not null)
        {
            LogCompactionFailed(_key, failure);
        }

        if (_history.NeedsCompaction)
        {
            try
            {
                await ApplyHistoryAsync();
                _history.StartCompaction(includeOpen: quietFor >= historyOptions.Value.OpenSegmentWriteDelay || !RunStateMachine.IsAlive(S.State));
            }
            catch (Exception e)
            {
                LogCompactionFailed(_key, e);
            }
        }
    }

    private async Task OnLifecycleChangedAsync()
    {
        NotifyViewers();
        await WriteStateAsync();
        await PushRowAsync();
        if (RunStateMachine.IsAlive(S.State))
        {
            await EnsureReminderAsync();
        }
        else
        {
            await RemoveReminderAsync();
        }
    }

    private async Task OnTimerAsync()
    {
        if (_superseded)
        {
            return;
        }

        if (_rowDirty)
        {
            await PushRowAsync();
        }

        if (_stateDirty && S.LogPosition - _persistedPosition >= _options.CheckpointBytes)
        {
            try
            {
                await WriteStateAsync();
            }
            catch (Exception e)
            {
                LogStateWriteFailed(_key, e);
            }
        }
    }

    private async Task WriteStateAsync()
    {
        try
        {
            await persistent.WriteStateAsync();
        }
        catch (InconsistentStateException e)
        {
            // Another activation of this run wrote the state after this one loaded it: after a silo dies, the
            // directory can briefly let two live. This one's view is stale; it stops writing checkpoints and makes
            // way for a fresh activation, which loads the newest state and replays the log (which holds every
            // acknowledged batch of both).
            _superseded = true;
            LogSuperseded(_key, e);
            DeactivateOnIdle();
            throw;
        }

        _stateDirty = false;
        _persistedPosition = S.LogPosition;
    }

    private async Task PushRowAsync()
    {
        _rowDirty = false;
        var row = ToRow();
        try
        {
            await GrainFactory.GetGrain<IProjectGrain>(ProjectKey.From(_entity, _project)).UpsertRunRowAsync(row);
            await metadata.SaveRunRowAsync(_entity, _project, row, S.UpdatedAt);
        }
        catch (Exception e)
        {
            // The data is durable already; the row is only a view of it. Retry on the next timer tick.
            _rowDirty = true;
            LogRowPushFailed(_key, e);
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }

        var period = _options.HeartbeatCheckPeriod < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : _options.HeartbeatCheckPeriod;
        await this.RegisterOrUpdateReminder(HeartbeatReminder, period, period);
        _reminderRegistered = true;
    }

    private async Task RemoveReminderAsync()
    {
        if (await this.GetReminder(HeartbeatReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    private static void EnsureJsonObject(string? json, string what)
    {
        if (json is not null && !LenientJson.IsObject(json, out var error))
        {
            throw new InvalidRunDataException($"{what} must be a JSON object: {error}.");
        }
    }

    private RunRow ToRow() => new()
    {
        Id = S.Id,
        Name = _name,
        DisplayName = S.DisplayName,
        State = S.State,
        CreatedAt = S.CreatedAt,
        HeartbeatAt = S.HeartbeatAt,
        Tags = S.Tags.ToArray(),
        GroupName = S.GroupName,
        JobType = S.JobType,
        UserId = S.UserId,
        ForUserId = S.ForUserId,
        Config = S.Config,
        SummaryMetrics = S.Summary,
        HistoryLineCount = S.HistoryCount,
        SweepName = S.SweepName,
        Host = S.Host,
    };

    private RunInfo ToInfo() => new()
    {
        Id = S.Id,
        Entity = _entity,
        Project = _project,
        Name = _name,
        DisplayName = S.DisplayName,
        Description = S.Description,
        Notes = S.Notes,
        Tags = S.Tags.ToArray(),
        GroupName = S.GroupName,
        JobType = S.JobType,
        Commit = S.Commit,
        Host = S.Host,
        Program = S.Program,
        Repo = S.Repo,
        SweepName = S.SweepName,
        State = S.State,
        Config = S.Config,
        SummaryMetrics = S.Summary,
        SystemMetrics = S.SystemMetrics,
        Stopped = S.Stopped,
        CreatedAt = S.CreatedAt,
        UpdatedAt = S.UpdatedAt,
        HeartbeatAt = S.HeartbeatAt,
        UserId = S.UserId,
        ForUserId = S.ForUserId,
        HistoryLineCount = S.HistoryCount,
        EventsLineCount = S.EventsCount,
        LogLineCount = S.LogCount,
        HistoryTail = S.HistoryTail.Select(t => t.Line).ToArray(),
        EventsTail = S.EventsTail.Select(t => t.Line).ToArray(),
        ExitCode = S.ExitCode,
        FileCount = S.FileCount,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Created run {RunKey} with storage id {RunId}")]
    private partial void LogRunCreated(string runKey, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunKey} is now {State}")]
    private partial void LogStateChanged(string runKey, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunKey} sent no heartbeat in time and is now {State}")]
    private partial void LogHeartbeatLost(string runKey, string state);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunKey} replayed {Records} log records on activation")]
    private partial void LogReplayed(string runKey, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not persist the state of run {RunKey}")]
    private partial void LogStateWriteFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted run {RunKey} (storage id {RunId})")]
    private partial void LogRunDeleted(string runKey, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored history of run {RunKey} was damaged or superseded; rebuilt it from the run log")]
    private partial void LogHistoryRebuilt(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another activation of run {RunKey} wrote its state; this one hands over")]
    private partial void LogSuperseded(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compact the history of run {RunKey}; will retry")]
    private partial void LogCompactionFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the row of run {RunKey}; will retry")]
    private partial void LogRowPushFailed(string runKey, Exception exception);
}
