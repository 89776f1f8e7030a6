namespace Orleans.Wandb.Grains.History;

/// <summary>
/// The layout of a row: its keys in the order the client wrote them (as raw, still-escaped text) and the
/// separators (<c>", "</c>/<c>": "</c> from Python's json.dumps, <c>","</c>/<c>":"</c> from JSON.stringify).
/// Rows of one run nearly always share a few shapes, so each row stores only a shape number.
/// </summary>
internal sealed record HistoryShape(bool Spaced, string[] RawKeys, int[] Columns);
