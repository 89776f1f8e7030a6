using System.Collections.Frozen;
using System.Collections.Immutable;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// An immutable snapshot of a run table: what a query reads. Nothing in it changes after it is taken, so the
/// project grain runs queries on it off its own turn while run rows keep arriving.
/// </summary>
internal sealed class RunTableView(RunEntry[] entries, ImmutableDictionary<string, int> pathIds, FrozenDictionary<long, string> usernames)
{
    public int Count => entries.Length;

    public RunRow Row(int slot) => entries[slot].Row;

    /// <summary>The id of a flattened path, or -1 when no run has ever held it.</summary>
    public int PathId(string path) => pathIds.TryGetValue(path, out var id) ? id : -1;

    /// <summary>The value of a field for a run (tags are handled by the filter itself).</summary>
    public FieldValue Get(RunField field, int slot)
    {
        var row = entries[slot].Row;
        return field.Kind switch
        {
            RunFieldKind.Name => FieldValue.Of(row.Name),
            RunFieldKind.DisplayName => FieldValue.Of(row.DisplayName),
            RunFieldKind.State => FieldValue.Of(row.State),
            RunFieldKind.Group => FieldValue.Of(row.GroupName),
            RunFieldKind.JobType => FieldValue.Of(row.JobType),
            RunFieldKind.Sweep => FieldValue.Of(row.SweepName),
            RunFieldKind.Host => FieldValue.Of(row.Host),
            RunFieldKind.Username => FieldValue.Of(usernames.GetValueOrDefault(row.UserId)),
            RunFieldKind.CreatedAt => FieldValue.Of(row.CreatedAt.ToUnixTimeMilliseconds()),
            RunFieldKind.HeartbeatAt => row.HeartbeatAt is { } at ? FieldValue.Of(at.ToUnixTimeMilliseconds()) : FieldValue.Null,
            RunFieldKind.Duration => FieldValue.Of(((row.HeartbeatAt ?? row.CreatedAt) - row.CreatedAt).TotalSeconds),
            RunFieldKind.Path => field.PathIdIn(this) is >= 0 and var id ? entries[slot].Get(id) : FieldValue.Missing,
            _ => FieldValue.Missing,
        };
    }

    /// <summary>
    /// One page of the runs matching <paramref name="filter"/> in <paramref name="order"/> after a cursor, and how many
    /// match in all: one pass over the snapshot, the page kept in a bounded heap (nothing cached that a streaming run
    /// could make stale). Runs added since the cursor was made keep their place relative to it.
    /// </summary>
    public RunPage Query(RunFilter filter, RunOrder order, int first, RunSortKey? after, CancellationToken cancellationToken = default)
    {
        var page = new PriorityQueue<int, RunSortKey>(first + 1, Comparer<RunSortKey>.Create((x, y) => order.Compare(y, x)));
        var total = 0;
        var remaining = 0;
        for (var slot = 0; slot < entries.Length; slot++)
        {
            if ((slot & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

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

        var result = new RunPageEntry[page.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            page.TryDequeue(out var slot, out var key);
            result[i] = new RunPageEntry(Row(slot), key.ToCursor(order));
        }

        return new RunPage(result, remaining > result.Length, total);
    }
}
