using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A project's run table in memory: each run in a slot, its row, and its config and summary flattened once per
/// change into typed <see cref="FieldColumn"/>s, so filters and orders over 100k runs read arrays instead of
/// parsing JSON per query.
/// </summary>
internal sealed class RunTable
{
    private readonly List<RunRow?> _rows = [];
    private readonly List<string[]> _paths = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private readonly Dictionary<string, FieldColumn> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _slots.Count;

    /// <summary>Usernames of run owners by user id (filled by the project grain before a query needs them).</summary>
    public Dictionary<long, string> Usernames { get; } = [];

    /// <summary>Every occupied slot.</summary>
    public IEnumerable<int> Slots => _slots.Values;

    public IEnumerable<RunRow> Rows => _slots.Values.Select(slot => _rows[slot]!);

    public RunRow Row(int slot) => _rows[slot]!;

    public FieldColumn? Column(string path) => _columns.GetValueOrDefault(path);

    public void Upsert(RunRow row)
    {
        if (!_slots.TryGetValue(row.Name, out var slot))
        {
            slot = _free.Count > 0 ? _free.Pop() : _rows.Count;
            if (slot == _rows.Count)
            {
                _rows.Add(null);
                _paths.Add([]);
            }

            _slots[row.Name] = slot;
        }

        var old = _rows[slot];
        _rows[slot] = row;
        if (old is not null && ReferenceEquals(old.Config, row.Config) && ReferenceEquals(old.SummaryMetrics, row.SummaryMetrics))
        {
            return;
        }

        Clear(slot);
        var paths = new List<string>();
        void Emit(string path, FieldValue value)
        {
            if (!_columns.TryGetValue(path, out var column))
            {
                _columns[path] = column = new FieldColumn();
            }

            column.Set(slot, value.Text is { } text ? value with { Text = Intern(text) } : value);
            paths.Add(path);
        }

        JsonFlattener.Config(row.Config, Emit);
        JsonFlattener.Summary(row.SummaryMetrics, Emit);
        _paths[slot] = [.. paths];
    }

    public bool Remove(string name)
    {
        if (!_slots.Remove(name, out var slot))
        {
            return false;
        }

        Clear(slot);
        _rows[slot] = null;
        _free.Push(slot);
        return true;
    }

    /// <summary>
    /// One page of the runs matching <paramref name="filter"/> in <paramref name="order"/> after a cursor, and how many
    /// match in all: one pass over the table, the page kept in a bounded heap (nothing cached that a streaming run
    /// could make stale). Runs added since the cursor was made keep their place relative to it.
    /// </summary>
    public RunPage Query(RunFilter filter, RunOrder order, int first, RunSortKey? after)
    {
        var page = new PriorityQueue<int, RunSortKey>(first + 1, Comparer<RunSortKey>.Create((x, y) => order.Compare(y, x)));
        var total = 0;
        var remaining = 0;
        foreach (var slot in _slots.Values)
        {
            if (!filter.Matches(this, slot))
            {
                continue;
            }

            total++;
            if (first == 0)
            {
                continue;
            }

            var key = order.KeyOf(this, slot);
            if (after is { } cursor && order.Compare(key, cursor) <= 0)
            {
                continue;
            }

            remaining++;
            page.Enqueue(slot, key);
            if (page.Count > first)
            {
                page.Dequeue();
            }
        }

        var entries = new RunPageEntry[page.Count];
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            page.TryDequeue(out var slot, out var key);
            entries[i] = new RunPageEntry(Row(slot), key.ToCursor(order));
        }

        return new RunPage(entries, remaining > entries.Length, total);
    }

    /// <summary>The value of a field for a run (tags are handled by the filter itself).</summary>
    public FieldValue Get(RunField field, int slot)
    {
        var row = _rows[slot]!;
        return field.Kind switch
        {
            RunFieldKind.Name => FieldValue.Of(row.Name),
            RunFieldKind.DisplayName => FieldValue.Of(row.DisplayName),
            RunFieldKind.State => FieldValue.Of(row.State),
            RunFieldKind.Group => FieldValue.Of(row.GroupName),
            RunFieldKind.JobType => FieldValue.Of(row.JobType),
            RunFieldKind.Sweep => FieldValue.Of(row.SweepName),
            RunFieldKind.Host => FieldValue.Of(row.Host),
            RunFieldKind.Username => FieldValue.Of(Usernames.GetValueOrDefault(row.UserId)),
            RunFieldKind.CreatedAt => FieldValue.Of(row.CreatedAt.ToUnixTimeMilliseconds()),
            RunFieldKind.HeartbeatAt => row.HeartbeatAt is { } at ? FieldValue.Of(at.ToUnixTimeMilliseconds()) : FieldValue.Null,
            RunFieldKind.Duration => FieldValue.Of(((row.HeartbeatAt ?? row.CreatedAt) - row.CreatedAt).TotalSeconds),
            RunFieldKind.Path => field.Column(_columns) is { } column ? column.Get(slot) : FieldValue.Missing,
            _ => FieldValue.Missing,
        };
    }

    private void Clear(int slot)
    {
        foreach (var path in _paths[slot])
        {
            _columns[path].Set(slot, FieldValue.Missing);
        }

        _paths[slot] = [];
    }

    private string Intern(string text)
    {
        if (text.Length > 64)
        {
            return text;
        }

        if (!_strings.TryGetValue(text, out var interned))
        {
            _strings[text] = interned = text;
        }

        return interned;
    }
}
