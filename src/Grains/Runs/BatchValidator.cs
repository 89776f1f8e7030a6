using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>Checks a whole file_stream batch before any of it is written (all or nothing).</summary>
internal static class BatchValidator
{
    /// <summary>Throws <see cref="InvalidRunDataException"/> naming the first problem found.</summary>
    public static void Validate(FileStreamBatch batch)
    {
        if (batch.Files.Count > ushort.MaxValue)
        {
            throw new InvalidRunDataException("Too many files in one batch.");
        }

        HashSet<string>? seen = null;
        foreach (var chunk in batch.Files)
        {
            if (string.IsNullOrEmpty(chunk.Name))
            {
                throw new InvalidRunDataException("A file in the batch has an empty name.");
            }

            if (chunk.Offset < 0)
            {
                throw new InvalidRunDataException($"File {chunk.Name}: offset {chunk.Offset} is negative.");
            }

            if ((long)chunk.Offset + chunk.Lines.Count > RunLimits.MaxLines)
            {
                throw new InvalidRunDataException(
                    $"File {chunk.Name}: offset {chunk.Offset} with {chunk.Lines.Count} lines passes the limit of {RunLimits.MaxLines} lines per file.");
            }

            if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(chunk.Name))
            {
                throw new InvalidRunDataException($"File {chunk.Name} appears twice in one batch.");
            }

            // A file name outside the four the clients stream today is kept in the run log as it always was: refusing
            // it would answer 400, and a client drops the whole chunk on 400, history and all.
            var kind = StreamFileKinds.Of(chunk.Name);
            for (var i = 0; i < chunk.Lines.Count; i++)
            {
                var line = chunk.Lines[i];
                if (line is null)
                {
                    throw new InvalidRunDataException($"File {chunk.Name}: line {chunk.Offset + i} is null.");
                }

                if (StreamFileKinds.HoldsJsonObjects(kind) && !LenientJson.IsObject(line, out var error))
                {
                    throw new InvalidRunDataException(
                        $"File {chunk.Name}: line {chunk.Offset + i} is not a JSON object: {error}.");
                }
            }
        }
    }
}
