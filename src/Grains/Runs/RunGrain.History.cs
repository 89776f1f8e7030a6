using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.History;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>History reads and compaction: every read applies queued lines first and survives a damaged blob.</summary>
internal sealed partial class RunGrain
{
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
    public async Task<IReadOnlyList<ChartSeries>> GetChartAsync(ChartQuery query)
    {
        if (!S.Exists)
        {
            return [];
        }

        return await ReadHistoryAsync(() => HistoryCharts.BuildAsync(_history.Of(query.Stream), query));
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
            var decoded = RunLogCodec.Decode(record.Payload);
            if (decoded.Truncation is { } truncation)
            {
                _history.AcceptTruncation(truncation.Rows, record.EndPosition);
            }
            else
            {
                _history.Accept(decoded.Files, record.EndPosition);
            }
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
}
