using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.History;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Rewinding and forking (docs/protocol/runs.md#rewind-and-fork). A rewind is one durable record in the run log, so
/// a replay drops exactly the rows it dropped; a fork copies its parent's rows up to the branch point into its own
/// log as ordinary history batches before its first upsert is answered.
/// </summary>
internal sealed partial class RunGrain
{
    /// <summary>Rows a fork copies per call to its parent (one run-log record each).</summary>
    private const int ForkPageRows = 1000;

    /// <inheritdoc />
    public async Task<RunInfo?> RewindAsync(double step)
    {
        if (!S.Exists)
        {
            return null;
        }

        var truncation = await ReadHistoryAsync(async () =>
        {
            var rows = await HistoryBranch.RowsThroughAsync(_history.History, step, S.HistoryCount);
            return new HistoryTruncation(
                rows,
                await HistoryBranch.SummaryAsync(_history.History, S.Summary, rows),
                await HistoryBranch.TailAsync(_history.History, rows, RunLimits.TailLines));
        });

        var at = clock.GetUtcNow();
        long end;
        using (var record = RunLogCodec.Encode(truncation, at))
        {
            end = await AppendToLogAsync(record.Memory);
        }

        // Durable: the history and the state follow, exactly as a replay of the record would.
        _history.AcceptTruncation(truncation.Rows, end);
        await ApplyHistoryAsync();
        RunStateMachine.Truncate(S, truncation, at);
        S.LogPosition = end;
        await WriteStateAsync();
        LogRewound(_key, step, truncation.Rows);
        NotifyViewers();
        await PushRowAsync();
        return ToInfo();
    }

    /// <inheritdoc />
    public async Task<RunBranch?> GetBranchAsync(double step, int fromRow, int maxRows)
    {
        if (!S.Exists)
        {
            return null;
        }

        return await ReadHistoryAsync(async () =>
        {
            var rows = await HistoryBranch.RowsThroughAsync(_history.History, step, S.HistoryCount);
            var from = Math.Clamp(fromRow, 0, rows);
            var lines = await HistoryBranch.LinesAsync(_history.History, from, Math.Min(Math.Max(0, maxRows), rows - from));
            return new RunBranch(rows, S.Config, await HistoryBranch.SummaryAsync(_history.History, S.Summary, rows), from, lines);
        });
    }

    /// <summary>
    /// The parent's first page when this upsert forks the run: its config names a branch point in another run
    /// (<c>_wandb.branch_point</c>) and the run has no history of its own yet. Throws when the parent does not exist.
    /// </summary>
    private async Task<(string Parent, double Step, RunBranch First)?> PrepareForkAsync(RunUpsert upsert)
    {
        if (upsert.Config is null || S.ForkedFrom is not null || S.HistoryCount > 0
            || WandbConfig.BranchPoint(upsert.Config) is not { } point || point.Run == _name)
        {
            return null;
        }

        var first = await Parent(point.Run).GetBranchAsync(point.Step, 0, ForkPageRows)
                    ?? throw new InvalidRunDataException(
                        $"fork_from names run \"{point.Run}\", which does not exist in project \"{_project}\".");
        return (point.Run, point.Step, first);
    }

    /// <summary>
    /// Copies the parent's rows up to the branch point and the summary they leave into this run's log, page by page,
    /// and records the fork. Copying again after a crash writes the same lines at the same offsets.
    /// </summary>
    private async Task CompleteForkAsync((string Parent, double Step, RunBranch First) fork)
    {
        var page = fork.First;
        while (true)
        {
            var last = page.From + page.Lines.Count >= page.Rows;
            var files = Chunks(page.From, page.Lines);
            if (last)
            {
                files.Add(new FileChunk(StreamFiles.Summary, 0, [page.Summary]));
            }

            var at = clock.GetUtcNow();
            long end;
            using (var record = RunLogCodec.Encode(new FileStreamBatch { Files = files }, at))
            {
                end = await AppendToLogAsync(record.Memory);
            }

            _history.Accept(files, end);
            RunStateMachine.Apply(S, files, complete: false, exitCode: null, preempting: false, at);
            S.LogPosition = end;
            if (last)
            {
                break;
            }

            page = await Parent(fork.Parent).GetBranchAsync(fork.Step, page.From + page.Lines.Count, ForkPageRows)
                   ?? throw new InvalidRunDataException($"Run \"{fork.Parent}\" was deleted while it was being forked.");
        }

        await ApplyHistoryAsync();
        S.ForkedFrom = fork.Parent;
        await WriteStateAsync();
        LogForked(_key, fork.Parent, fork.Step, page.Rows);
        NotifyViewers();
        await PushRowAsync();
    }

    private IRunGrain Parent(string name) => GrainFactory.GetGrain<IRunGrain>(RunKey.From(_entity, _project, name));

    /// <summary>History chunks for contiguous lines (a gap in the parent stays a gap).</summary>
    private static List<FileChunk> Chunks(int from, IReadOnlyList<string?> lines)
    {
        var files = new List<FileChunk>();
        var start = 0;
        while (start < lines.Count)
        {
            if (lines[start] is null)
            {
                start++;
                continue;
            }

            var end = start;
            while (end < lines.Count && lines[end] is not null)
            {
                end++;
            }

            files.Add(new FileChunk(StreamFiles.History, from + start, lines.Skip(start).Take(end - start).Select(l => l!).ToArray()));
            start = end;
        }

        return files;
    }
}
