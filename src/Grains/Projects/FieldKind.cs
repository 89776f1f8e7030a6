namespace Orleans.Wandb.Grains.Projects;

/// <summary>What a run-table cell or a filter operand holds, typed so comparisons never re-parse JSON.</summary>
internal enum FieldKind : byte
{
    Missing = 0,
    Null = 1,
    Number = 2,
    String = 3,
    Boolean = 4,

    /// <summary>An object or array, compared by its JSON text.</summary>
    Complex = 5,
}
