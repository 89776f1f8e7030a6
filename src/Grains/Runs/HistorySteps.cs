using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>Steps the server fills in for history rows that come without one (shared mode, see <see cref="SharedWriters"/>).</summary>
internal static class HistorySteps
{
    /// <summary>
    /// The row with <c>"_step": index</c> first when it has no numeric <c>_step</c> of its own; the row unchanged
    /// otherwise. The row is a validated JSON object, so its first non-blank character is <c>{</c>.
    /// </summary>
    public static string WithInferredStep(string row, int index)
    {
        if (LenientJson.GetTopLevelNumber(row, "_step") is not null)
        {
            return row;
        }

        var open = row.IndexOf('{');
        var rest = row.AsSpan(open + 1);
        return rest.TrimStart().StartsWith("}")
            ? $"{{\"_step\": {index}}}"
            : $"{{\"_step\": {index}, {rest.TrimStart()}";
    }
}
