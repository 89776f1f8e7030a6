namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// Where compacted history lives: small named blobs per run (segments, their summaries, a manifest). Embedded:
/// files under <c>{DataDir}/segments/</c>; cluster: blobs in a container. Names are '/'-separated, made of
/// <c>[a-z0-9._-]</c>. The run log stays the durable record of what was acknowledged; everything here can be
/// rebuilt from it, so a write only has to be atomic (readers see the old blob or the new one); readers detect
/// damaged blobs by their checksums and rebuild from the log.
/// </summary>
public interface IHistorySegmentStore
{
    /// <summary>A blob of a run, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string runKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Stores a blob durably, atomically replacing the previous one of that name.</summary>
    Task WriteAsync(string runKey, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Removes blobs of the run (missing ones are ignored).</summary>
    Task DeleteAsync(string runKey, IReadOnlyList<string> names, CancellationToken cancellationToken = default);

    /// <summary>Removes every blob of the run.</summary>
    Task DeleteRunAsync(string runKey, CancellationToken cancellationToken = default);

    /// <summary>Bytes stored for the run (for figures and tests).</summary>
    Task<long> SizeOfRunAsync(string runKey, CancellationToken cancellationToken = default);
}
