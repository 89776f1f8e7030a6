namespace Orleans.Wandb.Grains.History;

/// <summary>
/// One key of one segment, summarised: numeric stats over the whole segment and per block of
/// <see cref="SegmentSummary.BlockRows"/> rows, how often each value type occurs (for <c>historyKeys</c>), and the
/// key's last value in the segment.
/// </summary>
internal sealed class ColumnSummary(string name, int blocks)
{
    public string Name { get; } = name;

    public ColumnStats Total = ColumnStats.Empty;

    public ColumnStats[] Blocks { get; } = Enumerable.Repeat(ColumnStats.Empty, blocks).ToArray();

    /// <summary>Rows that have the key, whatever its value.</summary>
    public int Present { get; set; }

    /// <summary>W&amp;B type name (number, string, boolean, nil, list, map, or an object's <c>_type</c>) → count.</summary>
    public Dictionary<string, int> TypeCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Row (within the segment) of the key's last value; −1 when absent.</summary>
    public int LastRow { get; set; } = -1;

    /// <summary>The JSON text of the key's last value.</summary>
    public string LastText { get; set; } = "null";
}
