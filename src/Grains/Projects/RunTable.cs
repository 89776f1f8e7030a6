using System.Collections.Frozen;
using System.Collections.Immutable;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A project's run table in memory, owned by the project grain's turn: each run's row and its config and summary
/// flattened once per change into a sparse <see cref="RunEntry"/>, so filters and orders over 100k runs read
/// arrays instead of parsing JSON per query. Queries read a <see cref="Snapshot"/>, never the table itself.
/// </summary>
internal sealed class RunTable
{
    private readonly Dictionary<string, RunEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, int> _pathIds = ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);
    private RunTableView? _snapshot;

    public int Count => _entries.Count;

    /// <summary>Distinct config and summary paths any run has held since the table was loaded.</summary>
    public int PathCount => _pathIds.Count;

    private readonly Dictionary<long, string> _usernames = [];

    public IEnumerable<RunRow> Rows => _entries.Values.Select(entry => entry.Row);

    /// <summary>Owners of runs whose username is not known yet (the project grain looks them up before a query needs them).</summary>
    public IReadOnlyList<long> UsersWithoutName() => _entries.Values.Select(e => e.Row.UserId).Distinct().Where(id => !_usernames.ContainsKey(id)).ToList();

    public void SetUsername(long userId, string username)
    {
        _snapshot = null;
        _usernames[userId] = username;
    }

    /// <summary>True when <paramref name="path"/> is already a known path.</summary>
    public bool HasPath(string path) => _pathIds.ContainsKey(path);

    /// <summary>Gives paths an id ahead of the rows that will hold them (so the project's key cap counts them).</summary>
    public void AddPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            PathId(path);
        }
    }

    public void Upsert(RunRow row)
    {
        _snapshot = null;
        if (_entries.TryGetValue(row.Name, out var old)
            && ReferenceEquals(old.Row.Config, row.Config) && ReferenceEquals(old.Row.SummaryMetrics, row.SummaryMetrics))
        {
            _entries[row.Name] = old.WithRow(row);
            return;
        }

        var values = new SortedList<int, FieldValue>();
        void Emit(string path, FieldValue value) =>
            values[PathId(path)] = value.Text is { } text ? value with { Text = Intern(text) } : value;

        JsonFlattener.Config(row.Config, Emit);
        JsonFlattener.Summary(row.SummaryMetrics, Emit);
        _entries[row.Name] = new RunEntry(row, [.. values.Keys], [.. values.Values]);
    }

    public bool Remove(string name)
    {
        _snapshot = null;
        return _entries.Remove(name);
    }

    /// <summary>
    /// The table as it is now, immutable; reused until the next change. Usernames are copied in, so fill them
    /// before taking a snapshot for a query that compares them.
    /// </summary>
    public RunTableView Snapshot() =>
        _snapshot ??= new RunTableView([.. _entries.Values], _pathIds, _usernames.ToFrozenDictionary());

    /// <summary>Shorthand for a query on the current snapshot (tests and in-turn callers).</summary>
    public RunPage Query(RunFilter filter, RunOrder order, int first, RunSortKey? after) => Snapshot().Query(filter, order, first, after);

    private int PathId(string path)
    {
        if (!_pathIds.TryGetValue(path, out var id))
        {
            id = _pathIds.Count;
            _pathIds = _pathIds.Add(path, id);
        }

        return id;
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
