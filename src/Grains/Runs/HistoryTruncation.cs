namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// A rewind as the run log records it (<c>wandb.init(resume_from="run?_step=N")</c>): the history keeps its first
/// <see cref="Rows"/> rows, the summary becomes <see cref="Summary"/> (recomputed from those rows) and the history
/// tail <see cref="Tail"/>. Everything is decided when the rewind is accepted, so a replay sets exactly the same.
/// </summary>
internal sealed record HistoryTruncation(int Rows, string Summary, IReadOnlyList<TailLine> Tail);
