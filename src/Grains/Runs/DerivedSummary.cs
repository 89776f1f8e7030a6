using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// The summary line a batch leaves when the run merges summaries instead of taking the client's line whole: with
/// <c>X-WANDB-SERVER-SIDE-DERIVED-SUMMARY</c> the Go core stops copying logged values into the summary
/// (wandb v0.28.2 core/internal/stream/handler.go:flushPartialHistory skips updateSummary and updateRunTiming), so
/// the run takes each history row's top-level values, latest last, and then the client's explicit updates; a
/// shared-mode writer's summary holds only what that writer knows, so it is merged by key too.
/// </summary>
internal static class DerivedSummary
{
    /// <summary>
    /// The merged summary: <paramref name="stored"/>, then <paramref name="rows"/> in order, then
    /// <paramref name="clientLine"/>; null when there is nothing to merge.
    /// </summary>
    public static string? Next(string stored, IEnumerable<string> rows, string? clientLine)
    {
        var updates = rows.ToList();
        if (clientLine is not null)
        {
            updates.Add(clientLine);
        }

        return updates.Count == 0 ? null : JsonObjectMerge.Merge(stored, updates);
    }

    /// <summary>An ordinary (not shared-mode) batch whose client asked for a derived summary, with its summary line merged.</summary>
    public static FileStreamBatch Apply(string stored, FileStreamBatch batch)
    {
        var rows = batch.Files.Where(f => f.Name == StreamFiles.History).SelectMany(f => f.Lines);
        var clientLine = batch.Files.LastOrDefault(f => f.Name == StreamFiles.Summary && f.Lines.Count > 0)?.Lines[^1];
        if (Next(stored, rows, clientLine) is not { } summary)
        {
            return batch;
        }

        return batch with
        {
            Files = [.. batch.Files.Where(f => f.Name != StreamFiles.Summary), new FileChunk(StreamFiles.Summary, 0, [summary])],
        };
    }
}
