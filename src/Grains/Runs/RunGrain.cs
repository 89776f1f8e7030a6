using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Json;
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
    WandbMetrics metrics,
    ILogger<RunGrain> logger) : Grain, IRunGrain, IRemindable
{
    /// <summary>The reminder that checks heartbeats while the run is alive.</summary>
    internal const string HeartbeatReminder = "heartbeat";

    private readonly RunOptions _options = options.Value;
    private string _key = "";
    private string _entity = "";
    private string _project = "";
    private string _name = "";
    private readonly RunKeyAdmission _keys = new();
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
            // Before reading the log: from here on no earlier activation (on a silo declared dead that still runs)
            // can get an append acknowledged that this replay would miss.
            await log.ClaimAsync(_key);
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
        if (upsert.Config is not null || upsert.SummaryMetrics is not null)
        {
            await _keys.AdmitAsync(S.Config, S.Summary, upsert.Config, upsert.SummaryMetrics, AdmitToProjectAsync);
        }

        // A fork starts from its parent: checked before anything is created, copied before the upsert is answered
        // (the client writes its first history row at the historyLineCount it gets back).
        var fork = await PrepareForkAsync(upsert);
        if (fork is { } forked)
        {
            S.BaseConfig = forked.First.Config;
        }

        if (!S.Exists)
        {
            await CreateAsync(upsert.UserId, upsert);
            if (fork is not null)
            {
                await CompleteForkAsync(fork.Value);
            }

            return new RunUpsertResult(ToInfo(), Inserted: true);
        }

        if (fork is not null)
        {
            await CompleteForkAsync(fork.Value);
        }

        ApplyFields(upsert);
        S.UpdatedAt = clock.GetUtcNow();
        if (RunStateMachine.Resume(S, upsert, S.UpdatedAt))
        {
            LogStateChanged(_key, S.State);
            await OnLifecycleChangedAsync();
            return new RunUpsertResult(ToInfo(), Inserted: false);
        }

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
        if (RunKeyAdmission.SummaryOf(batch) is { } summary)
        {
            await _keys.AdmitAsync(S.Config, S.Summary, config: null, summary, AdmitToProjectAsync);
        }

        if (!S.Exists)
        {
            await CreateAsync(batch.UserId, upsert: null);
        }

        // A shared-mode writer's lines go after everyone else's: translated to run offsets here, while no other
        // batch can interleave (the grain is not reentrant), and logged as translated so a replay stores the same.
        var shared = batch.WriterId is null ? null : SharedWriters.Translate(S, batch, _options.MaxSharedWriters);
        batch = shared?.Batch ?? (batch.DeriveSummary ? DerivedSummary.Apply(S.Summary, batch) : batch);
        var at = clock.GetUtcNow();
        long end;
        using (var record = shared is null ? RunLogCodec.Encode(batch, at) : RunLogCodec.Encode(shared, at))
        {
            end = await AppendToLogAsync(record.Memory);
        }

        // Durable: now (and only now) it may change what the run reports. The lines go into the columnar
        // segments at once: held as request strings until the next compaction tick they would outlive the
        // young GC generation by seconds, and promoting every row made ingestion GC-bound.
        _history.Accept(batch.Files, end);
        await ApplyHistoryAsync();
        _lastAppendAt = at;
        var changed = RunStateMachine.Apply(S, batch.Files, batch.Complete, batch.ExitCode, batch.Preempting, at);
        if (shared is not null)
        {
            SharedWriters.Advance(S, shared.WriterId, batch.Files, shared.ClientOffsets);
        }

        S.LogPosition = end;
        _stateDirty = true;
        _rowDirty = true;
        NotifyViewers();
        if (changed)
        {
            LogStateChanged(_key, S.State);
            await OnLifecycleChangedAsync();
        }

        metrics.BatchAcknowledged(HistoryRowsOf(batch));
        return new FileStreamResult(S.Stopped);
    }

    private static int HistoryRowsOf(FileStreamBatch batch)
    {
        var rows = 0;
        foreach (var file in batch.Files)
        {
            if (file.Name == StreamFiles.History)
            {
                rows += file.Lines.Count;
            }
        }

        return rows;
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
    public async Task RegisterFileAsync(RunFileInfo file)
    {
        if (!S.Exists)
        {
            // The upload was authorised by its signed URL; losing the file because nobody ensured the run first
            // would be worse than a run whose owner is unknown (user 0), as for file_stream (docs/protocol/file-stream.md#response).
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
    public async Task<IReadOnlyList<string>> DeleteFilesAsync(IReadOnlyList<string> names)
    {
        if (!S.Exists || names.Count == 0)
        {
            return [];
        }

        var deleted = await metadata.DeleteRunFilesAsync(S.Id, names);
        if (deleted.Count > 0)
        {
            S.FileCount = Math.Max(0, S.FileCount - deleted.Count);
            await WriteStateAsync();
            NotifyViewers();
        }

        return deleted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunFileInfo>> GetFilesAsync() =>
        S.Exists ? await metadata.ListRunFilesAsync(S.Id) : [];

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
            if (batch.Truncation is { } truncation)
            {
                if (record.EndPosition > historyPosition)
                {
                    _history.AcceptTruncation(truncation.Rows, record.EndPosition);
                }

                if (record.EndPosition > statePosition)
                {
                    RunStateMachine.Truncate(S, truncation, batch.At);
                    S.LogPosition = record.EndPosition;
                    records++;
                }

                continue;
            }

            if (record.EndPosition > historyPosition)
            {
                _history.Accept(batch.Files, record.EndPosition);
            }

            if (record.EndPosition > statePosition)
            {
                RunStateMachine.Apply(S, batch.Files, batch.Complete, batch.ExitCode, batch.Preempting, batch.At);
                if (batch.WriterId is not null)
                {
                    SharedWriters.Advance(S, batch.WriterId, batch.Files, batch.ClientOffsets!);
                }

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

    /// <summary>
    /// Every write to the run's log goes through here: makes <paramref name="record"/> durable and returns the log
    /// position after it.
    /// </summary>
    private async Task<long> AppendToLogAsync(ReadOnlyMemory<byte> record)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var end = await log.AppendAsync(_key, record);
            metrics.LogAppended(Stopwatch.GetElapsedTime(started));
            return end;
        }
        catch (RunLogFencedException e)
        {
            // Another activation has taken the run over: this one's view is stale. It makes way, and the client's
            // retry (a 503) reaches the new owner.
            _superseded = true;
            LogSuperseded(_key, e);
            DeactivateOnIdle();
            throw e.ForClient();
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

    private Task AdmitToProjectAsync(IReadOnlyList<string> paths) =>
        GrainFactory.GetGrain<IProjectGrain>(ProjectKey.From(_entity, _project)).AdmitKeysAsync(paths);

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

    private static void EnsureJsonObject(string? json, string what)
    {
        if (json is not null && !LenientJson.IsObject(json, out var error))
        {
            throw new InvalidRunDataException($"{what} must be a JSON object: {error}.");
        }
    }
}
