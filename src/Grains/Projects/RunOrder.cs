namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A run-table order (<c>-created_at</c>, <c>+name</c>, <c>-summary_metrics.acc</c>, <c>config.lr</c>...) as a total
/// order on runs: the field's value (missing and null first, then numbers, strings, booleans, objects — reversed
/// for <c>-</c>), then the storage id in the same direction, so every run has exactly one place and cursors
/// (key + id) stay valid while runs are added.
/// </summary>
internal sealed class RunOrder : IComparer<RunSortKey>
{
    private RunOrder(RunField field, bool descending, string canonical)
    {
        Field = field;
        Descending = descending;
        Canonical = canonical;
    }

    public RunField Field { get; }

    public bool Descending { get; }

    /// <summary>A stable name for the order (cursor check).</summary>
    public string Canonical { get; }

    /// <summary>Parses an order string; null means newest first. Throws <see cref="ArgumentException"/> for unknown keys.</summary>
    public static RunOrder Parse(string? order)
    {
        var text = string.IsNullOrWhiteSpace(order) ? "-created_at" : order.Trim();
        var descending = text[0] == '-';
        var key = text[0] is '-' or '+' ? text[1..] : text;
        var field = RunField.Parse(key, "order");
        if (field.Kind == RunFieldKind.Tags)
        {
            throw new ArgumentException("Runs cannot be ordered by 'tags'.");
        }

        return new RunOrder(field, descending, (descending ? "-" : "+") + (field.Path ?? field.Kind.ToString()));
    }

    /// <summary>The sort key of a run (times in milliseconds, the precision the run index stores).</summary>
    public RunSortKey KeyOf(RunTableView table, int slot)
    {
        var value = table.Get(Field, slot);
        var rank = value.Kind switch
        {
            FieldKind.Missing or FieldKind.Null => 0,
            FieldKind.Number => double.IsNaN(value.Number) ? 0 : 1,
            FieldKind.String => 2,
            FieldKind.Boolean => 3,
            _ => 4,
        };
        return new RunSortKey(rank, rank == 1 || rank == 3 ? value.Number : 0, rank is 2 or 4 ? value.Text : null, table.Row(slot).Id);
    }

    /// <inheritdoc />
    public int Compare(RunSortKey x, RunSortKey y)
    {
        var c = x.Rank.CompareTo(y.Rank);
        if (c == 0)
        {
            c = x.Number.CompareTo(y.Number);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(x.Text, y.Text);
        }

        if (c == 0)
        {
            c = x.Id.CompareTo(y.Id);
        }

        return Descending ? -c : c;
    }

    /// <summary>Whether the order compares usernames (loaded on demand by the grain).</summary>
    public bool UsesUsernames => Field.Kind == RunFieldKind.Username;
}
