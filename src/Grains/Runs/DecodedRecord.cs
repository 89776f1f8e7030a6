using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// A file_stream batch as read back from the run log, with the time it was accepted and, for a shared-mode writer,
/// its id and its own offset of each chunk (see <see cref="SharedWriters"/>). A rewind's record has no files and
/// carries its <see cref="Truncation"/>.
/// </summary>
internal sealed record DecodedRecord(
    DateTimeOffset At,
    bool Complete,
    int? ExitCode,
    bool Preempting,
    IReadOnlyList<FileChunk> Files,
    string? WriterId = null,
    IReadOnlyList<int>? ClientOffsets = null)
{
    /// <summary>The rewind this record holds, or null for a file_stream batch.</summary>
    public HistoryTruncation? Truncation { get; init; }
}
