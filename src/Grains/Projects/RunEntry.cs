using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// One run of the run table, immutable: its row and the flattened config and summary values it actually has,
/// sorted by path id. Memory follows the values present (a run with 1,000 keys costs 1,000 entries, the other
/// runs nothing for them), and a query can read a snapshot of entries while the grain replaces them.
/// </summary>
internal sealed class RunEntry(RunRow row, int[] pathIds, FieldValue[] values)
{
    public RunRow Row { get; } = row;

    /// <summary>How many config and summary paths the run holds.</summary>
    public int PathCount => pathIds.Length;

    public FieldValue Get(int pathId)
    {
        var i = Array.BinarySearch(pathIds, pathId);
        return i >= 0 ? values[i] : FieldValue.Missing;
    }

    /// <summary>The same values under a newer row (a heartbeat or state change that left config and summary alone).</summary>
    public RunEntry WithRow(RunRow newRow) => new(newRow, pathIds, values);
}
