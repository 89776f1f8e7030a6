using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// How a file_stream batch changes a run's <see cref="RunState"/>: line counts, tails, summary, system metrics,
/// heartbeat and the lifecycle of docs/protocol/runs.md#state-machine. The same code applies a live batch and a replayed one,
/// so an activation rebuilds exactly the state the acknowledged batches produced.
/// </summary>
internal static class RunStateMachine
{
    /// <summary>Applies a batch accepted at <paramref name="at"/>; true when the run's lifecycle state changed.</summary>
    public static bool Apply(
        RunState state,
        IReadOnlyList<FileChunk> files,
        bool complete,
        int? exitCode,
        bool preempting,
        DateTimeOffset at)
    {
        foreach (var chunk in files)
        {
            switch (StreamFileKinds.Of(chunk.Name))
            {
                case StreamFileKind.History:
                    state.HistoryCount = ApplyLines(state.HistoryTail, state.HistoryCount, chunk);
                    break;
                case StreamFileKind.Events:
                    state.EventsCount = ApplyLines(state.EventsTail, state.EventsCount, chunk);
                    if (state.EventsTail.Count > 0)
                    {
                        state.SystemMetrics = state.EventsTail[^1].Line;
                    }

                    break;
                case StreamFileKind.Summary:
                    // Every summary line is the whole summary: the last one written wins.
                    if (chunk.Lines.Count > 0)
                    {
                        state.Summary = chunk.Lines[^1];
                    }

                    break;
                case StreamFileKind.Output:
                    state.LogCount = Math.Max(state.LogCount, chunk.Offset + chunk.Lines.Count);
                    break;
            }
        }

        var before = state.State;
        if (complete)
        {
            state.State = state.Stopped ? RunStates.Killed
                : exitCode is null or 0 ? RunStates.Finished
                : RunStates.Failed;
            state.ExitCode = exitCode;
        }
        else
        {
            // Any sign of life revives a crashed, preempted (or resumed finished) run. A run that said it is being
            // preempted stays preempting while its process keeps posting (the flag comes once, the heartbeats
            // after it do not repeat it), so going silent then makes it preempted, not crashed
            // (docs/protocol/runs.md#state-machine); a resume (RunGrain.UpsertAsync) or the final post ends it.
            state.State = preempting || before == RunStates.Preempting ? RunStates.Preempting : RunStates.Running;
        }

        state.HeartbeatAt = at;
        state.UpdatedAt = at;
        return before != state.State;
    }

    /// <summary>A rewind: the history keeps its first rows, and the summary and tail those rows leave.</summary>
    public static void Truncate(RunState state, HistoryTruncation truncation, DateTimeOffset at)
    {
        state.HistoryCount = Math.Min(state.HistoryCount, truncation.Rows);
        state.HistoryTail = [.. truncation.Tail];
        state.Summary = truncation.Summary;
        state.UpdatedAt = at;
    }

    /// <summary>
    /// A run process starting on a preempting or preempted run (its init upsert: the clients send <c>host</c> only
    /// there and on parameter changes, never on config-only updates; public-API updates never count) means the run
    /// resumed: it is running again. True when the state changed.
    /// </summary>
    public static bool Resume(RunState state, RunUpsert upsert, DateTimeOffset at)
    {
        if (upsert.FromPublicApi || upsert.Host is null || state.State is not (RunStates.Preempting or RunStates.Preempted))
        {
            return false;
        }

        state.State = RunStates.Running;
        state.HeartbeatAt = at;
        return true;
    }

    /// <summary>True while the run is expected to send heartbeats.</summary>
    public static bool IsAlive(string state) => state is RunStates.Running or RunStates.Preempting;

    /// <summary>
    /// Marks the run crashed (or preempted) when it has been silent longer than <paramref name="timeout"/>;
    /// true when it did.
    /// </summary>
    public static bool CheckHeartbeat(RunState state, DateTimeOffset now, TimeSpan timeout)
    {
        if (!IsAlive(state.State))
        {
            return false;
        }

        var last = state.HeartbeatAt ?? state.CreatedAt;
        if (now - last <= timeout)
        {
            return false;
        }

        state.State = state.State == RunStates.Preempting ? RunStates.Preempted : RunStates.Crashed;
        state.UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Writes a chunk's lines at their offsets into the tail (replacing lines already there) and returns the
    /// new line count, "highest written index + 1". Only the last <see cref="RunLimits.TailLines"/> indexes are kept.
    /// </summary>
    private static int ApplyLines(List<TailLine> tail, int count, FileChunk chunk)
    {
        var lines = chunk.Lines;
        var newCount = Math.Max(count, chunk.Offset + lines.Count);
        var keepFrom = newCount - RunLimits.TailLines;
        for (var i = Math.Max(0, keepFrom - chunk.Offset); i < lines.Count; i++)
        {
            Put(tail, new TailLine(chunk.Offset + i, lines[i]));
        }

        tail.RemoveAll(t => t.Index < keepFrom);
        return newCount;
    }

    private static void Put(List<TailLine> tail, TailLine line)
    {
        // The tail is sorted by index and tiny: a linear search beats anything cleverer.
        var i = tail.Count;
        while (i > 0 && tail[i - 1].Index > line.Index)
        {
            i--;
        }

        if (i > 0 && tail[i - 1].Index == line.Index)
        {
            tail[i - 1] = line;
        }
        else
        {
            tail.Insert(i, line);
        }
    }
}
