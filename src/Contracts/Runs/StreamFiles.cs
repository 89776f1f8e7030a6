namespace Orleans.Wandb.Contracts.Runs;

/// <summary>The names of the files the clients stream through <c>file_stream</c>.</summary>
public static class StreamFiles
{
    /// <summary>Metric rows logged with <c>wandb.log</c>, one JSON object per line.</summary>
    public const string History = "wandb-history.jsonl";

    /// <summary>System metric rows (CPU, memory, ...), one JSON object per line.</summary>
    public const string Events = "wandb-events.jsonl";

    /// <summary>The whole current summary, always one line at offset 0.</summary>
    public const string Summary = "wandb-summary.json";

    /// <summary>Console output, one line per entry; earlier lines may be rewritten.</summary>
    public const string Output = "output.log";
}
