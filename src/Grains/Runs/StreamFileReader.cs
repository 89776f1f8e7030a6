using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Rebuilds a streamed file from a run log: every record's lines written at their offsets, later writes
/// replacing earlier ones (the client rewrites a console line when a progress bar redraws), gaps left null. Used
/// for the console output (<c>output.log</c>), which is not compacted into history segments; history and events
/// are read through <see cref="History.RunHistory"/>. It costs one pass over the log and memory proportional to the
/// file, only for the duration of the request.
/// </summary>
internal static class StreamFileReader
{
    /// <summary>The lines of one streamed file by line index (null where nothing was written).</summary>
    public static async Task<List<string?>> ReadLinesAsync(IRunLogStore log, string runKey, StreamFileKind kind)
    {
        var lines = new List<string?>();
        var name = StreamFileKinds.NameOf(kind);
        await foreach (var record in log.ReadAsync(runKey))
        {
            foreach (var chunk in RunLogCodec.Decode(record.Payload).Files)
            {
                if (chunk.Name != name)
                {
                    continue;
                }

                var end = chunk.Offset + chunk.Lines.Count;
                if (lines.Count < end)
                {
                    lines.AddRange(Enumerable.Repeat<string?>(null, end - lines.Count));
                }

                for (var i = 0; i < chunk.Lines.Count; i++)
                {
                    lines[chunk.Offset + i] = chunk.Lines[i];
                }
            }
        }

        return lines;
    }
}
