using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>Maps file names to <see cref="StreamFileKind"/>.</summary>
internal static class StreamFileKinds
{
    public static StreamFileKind Of(string name) => name switch
    {
        StreamFiles.History => StreamFileKind.History,
        StreamFiles.Events => StreamFileKind.Events,
        StreamFiles.Summary => StreamFileKind.Summary,
        StreamFiles.Output => StreamFileKind.Output,
        _ => StreamFileKind.Other,
    };

    public static string NameOf(StreamFileKind kind) => kind switch
    {
        StreamFileKind.History => StreamFiles.History,
        StreamFileKind.Events => StreamFiles.Events,
        StreamFileKind.Summary => StreamFiles.Summary,
        StreamFileKind.Output => StreamFiles.Output,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>True for files whose lines must each be a JSON object.</summary>
    public static bool HoldsJsonObjects(StreamFileKind kind) =>
        kind is StreamFileKind.History or StreamFileKind.Events or StreamFileKind.Summary;
}
