using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Shared mode: several processes, possibly on several machines, log to one run
/// (<c>wandb.init(settings=wandb.Settings(mode="shared"))</c>, W&amp;B 0.19+). Each writer numbers its lines from 0
/// on its own and leaves <c>_step</c> out of its history rows (wandb v0.28.2 core/internal/stream/handler.go:
/// flushPartialHistory), so the run appends each writer's new lines after everything stored and infers the step
/// from the row's place in the history; a writer's resend of lines it already sent is skipped, using the
/// <see cref="WriterCursor"/> kept per writer id. Each writer sends the summary it knows: the run merges its
/// top-level keys into the stored summary (<see cref="DerivedSummary"/>) instead of letting the last writer's
/// replace everyone else's.
/// <para>
/// A batch is translated into run offsets before it is logged, so the log holds exactly what the run stores and a
/// replay needs no translation; the writer's own offsets travel with the record (<see cref="SharedBatch"/>) so that
/// <see cref="Advance"/> rebuilds the cursors on replay exactly as it moved them live.
/// </para>
/// </summary>
internal static class SharedWriters
{
    /// <summary>How many console spans a writer's cursor remembers; rewrites of older lines are appended instead.</summary>
    public const int MaxOutputSpans = 16;

    /// <summary>
    /// The batch of writer <see cref="FileStreamBatch.WriterId"/> at run offsets, with its lines already stored
    /// left out. Reads the state, changes nothing: <see cref="Advance"/> applies the cursor once the batch is durable.
    /// </summary>
    public static SharedBatch Translate(RunState state, FileStreamBatch batch, int maxWriters)
    {
        var writerId = batch.WriterId!;
        var cursor = state.Writers.GetValueOrDefault(writerId);
        if (cursor is null && state.Writers.Count >= maxWriters)
        {
            throw new InvalidRunDataException(
                $"The run already has {state.Writers.Count} shared-mode writers, the most one run takes; this writer's lines are refused.");
        }

        var files = new List<FileChunk>(batch.Files.Count + 1);
        var clientOffsets = new List<int>(batch.Files.Count + 1);
        string? clientSummary = null;
        foreach (var chunk in batch.Files)
        {
            switch (StreamFileKinds.Of(chunk.Name))
            {
                case StreamFileKind.History:
                    AddAppended(chunk, cursor?.HistoryNext ?? 0, state.HistoryCount, withStep: true, files, clientOffsets);
                    break;
                case StreamFileKind.Events:
                    AddAppended(chunk, cursor?.EventsNext ?? 0, state.EventsCount, withStep: false, files, clientOffsets);
                    break;
                case StreamFileKind.Output:
                    AddOutput(chunk, cursor?.Output ?? [], state.LogCount, files, clientOffsets);
                    break;
                case StreamFileKind.Summary:
                    clientSummary = chunk.Lines.Count > 0 ? chunk.Lines[^1] : clientSummary;
                    break;
                default:
                    files.Add(chunk);
                    clientOffsets.Add(-1);
                    break;
            }
        }

        IEnumerable<string> rows = batch.DeriveSummary ? files.Where(f => f.Name == StreamFiles.History).SelectMany(f => f.Lines) : [];
        if (DerivedSummary.Next(state.Summary, rows, clientSummary) is { } summary)
        {
            files.Add(new FileChunk(StreamFiles.Summary, 0, [summary]));
            clientOffsets.Add(-1);
        }

        return new SharedBatch(writerId, batch with { Files = files }, clientOffsets);
    }

    /// <summary>Moves the writer's cursor past a durable batch (live, and again on replay of its log record).</summary>
    public static void Advance(RunState state, string writerId, IReadOnlyList<FileChunk> files, IReadOnlyList<int> clientOffsets)
    {
        if (!state.Writers.TryGetValue(writerId, out var cursor))
        {
            state.Writers[writerId] = cursor = new WriterCursor();
        }

        for (var i = 0; i < files.Count; i++)
        {
            var clientOffset = clientOffsets[i];
            if (clientOffset < 0)
            {
                continue;
            }

            var chunk = files[i];
            switch (StreamFileKinds.Of(chunk.Name))
            {
                case StreamFileKind.History:
                    cursor.HistoryNext = Math.Max(cursor.HistoryNext, clientOffset + chunk.Lines.Count);
                    break;
                case StreamFileKind.Events:
                    cursor.EventsNext = Math.Max(cursor.EventsNext, clientOffset + chunk.Lines.Count);
                    break;
                case StreamFileKind.Output:
                    Remember(cursor.Output, new OutputSpan(clientOffset, chunk.Offset, chunk.Lines.Count));
                    break;
            }
        }
    }

    /// <summary>History and events: lines below the writer's cursor are resends; the rest go after the run's last line.</summary>
    private static void AddAppended(
        FileChunk chunk, int writerNext, int runCount, bool withStep, List<FileChunk> files, List<int> clientOffsets)
    {
        var skip = Math.Clamp(writerNext - chunk.Offset, 0, chunk.Lines.Count);
        var count = chunk.Lines.Count - skip;
        if (count == 0)
        {
            return;
        }

        if ((long)runCount + count > RunLimits.MaxLines)
        {
            throw new InvalidRunDataException($"File {chunk.Name}: the run has no room for {count} more lines.");
        }

        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            var line = chunk.Lines[skip + i];
            lines[i] = withStep ? HistorySteps.WithInferredStep(line, runCount + i) : line;
        }

        files.Add(new FileChunk(chunk.Name, runCount, lines));
        clientOffsets.Add(chunk.Offset + skip);
    }

    /// <summary>
    /// Console lines: a line the writer sent before is rewritten where it went (progress bars redraw their line);
    /// a new one goes after the run's last line. Each run of consecutive lines becomes one chunk.
    /// </summary>
    private static void AddOutput(
        FileChunk chunk, IReadOnlyList<OutputSpan> spans, int runCount, List<FileChunk> files, List<int> clientOffsets)
    {
        var next = runCount;
        var start = 0;
        var startServer = 0;
        for (var i = 0; i <= chunk.Lines.Count; i++)
        {
            var server = 0;
            if (i < chunk.Lines.Count)
            {
                server = ServerLineOf(spans, chunk.Offset + i) ?? next++;
                if (next > RunLimits.MaxLines)
                {
                    throw new InvalidRunDataException($"File {chunk.Name}: the run has no room for more lines.");
                }
            }

            if (i > start && (i == chunk.Lines.Count || server != startServer + (i - start)))
            {
                files.Add(new FileChunk(chunk.Name, startServer, chunk.Lines.Skip(start).Take(i - start).ToArray()));
                clientOffsets.Add(chunk.Offset + start);
                start = i;
            }

            if (i == start)
            {
                startServer = server;
            }
        }
    }

    private static int? ServerLineOf(IReadOnlyList<OutputSpan> spans, int clientLine)
    {
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            if (spans[i].ServerLineOf(clientLine) is { } server)
            {
                return server;
            }
        }

        return null;
    }

    private static void Remember(List<OutputSpan> spans, OutputSpan span)
    {
        if (spans.Count > 0 && spans[^1] is var last
            && last.ClientStart + last.Count == span.ClientStart && last.ServerStart + last.Count == span.ServerStart)
        {
            spans[^1] = last with { Count = last.Count + span.Count };
            return;
        }

        if (spans.Any(s => s.ServerLineOf(span.ClientStart) == span.ServerStart
            && s.ServerLineOf(span.ClientStart + span.Count - 1) == span.ServerStart + span.Count - 1))
        {
            return; // a rewrite of lines already mapped
        }

        spans.Add(span);
        if (spans.Count > MaxOutputSpans)
        {
            spans.RemoveAt(0);
        }
    }
}
