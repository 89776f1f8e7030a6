using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A run-table order (<c>-created_at</c>, <c>+name</c>, <c>heartbeat_at</c>...) as a total order on rows:
/// the sort key, then the storage id as tie-breaker in the same direction, so that every row has exactly
/// one place and cursors (key + id) stay valid while runs are added.
/// </summary>
internal sealed class RunOrder : IComparer<RunRow>
{
    private RunOrder(RunSortField field, bool descending, string canonical)
    {
        Field = field;
        Descending = descending;
        Canonical = canonical;
    }

    public RunSortField Field { get; }

    public bool Descending { get; }

    /// <summary>A stable name for the order (cache key, cursor check).</summary>
    public string Canonical { get; }

    /// <summary>Parses an order string; null means newest first. Throws <see cref="ArgumentException"/> for unknown keys.</summary>
    public static RunOrder Parse(string? order)
    {
        if (string.IsNullOrWhiteSpace(order))
        {
            return new RunOrder(RunSortField.CreatedAt, descending: true, "-created_at");
        }

        var text = order.Trim();
        var descending = text[0] == '-';
        var key = text[0] is '-' or '+' ? text[1..] : text;
        var field = key switch
        {
            "created_at" or "createdAt" => RunSortField.CreatedAt,
            "heartbeat_at" or "heartbeatAt" => RunSortField.HeartbeatAt,
            "name" => RunSortField.Name,
            "display_name" or "displayName" => RunSortField.DisplayName,
            "state" => RunSortField.State,
            _ => throw new ArgumentException($"Ordering runs by '{key}' is not supported.", nameof(order)),
        };
        return new RunOrder(field, descending, (descending ? "-" : "+") + field);
    }

    /// <summary>The sort key of a row (times in milliseconds, the precision the run index stores).</summary>
    public RunSortKey KeyOf(RunRow row) => Field switch
    {
        RunSortField.CreatedAt => new RunSortKey(row.CreatedAt.ToUnixTimeMilliseconds(), null, row.Id),
        RunSortField.HeartbeatAt => new RunSortKey(row.HeartbeatAt?.ToUnixTimeMilliseconds() ?? long.MinValue, null, row.Id),
        RunSortField.Name => new RunSortKey(0, row.Name, row.Id),
        RunSortField.DisplayName => new RunSortKey(0, row.DisplayName ?? "", row.Id),
        _ => new RunSortKey(0, row.State, row.Id),
    };

    /// <inheritdoc />
    public int Compare(RunRow? x, RunRow? y) => Compare(KeyOf(x!), KeyOf(y!));

    /// <summary>Compares two keys in this order.</summary>
    public int Compare(RunSortKey x, RunSortKey y)
    {
        var c = x.Number.CompareTo(y.Number);
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
}
