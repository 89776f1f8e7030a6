namespace Orleans.Wandb.Web.GraphQL.Json;

/// <summary>
/// The keyed sampling of <c>sampledHistory</c>: rows that carry every requested key, reduced to those keys, evenly
/// down-sampled with the first and last row kept (wandb-api.md §9.3).
/// </summary>
public static class HistorySampling
{
    /// <summary>Rows (JSON lines, NaN tolerated) reduced to <paramref name="keys"/>; lines that are not objects are skipped.</summary>
    public static List<Dictionary<string, object?>> SelectRows(IEnumerable<string> lines, IReadOnlyList<string> keys, int samples)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var line in lines)
        {
            if (TolerantJson.TryParseObject(line) is not { } row)
            {
                continue;
            }

            var selected = new Dictionary<string, object?>(keys.Count, StringComparer.Ordinal);
            var complete = true;
            foreach (var key in keys)
            {
                if (!TryResolve(row, key, out var value))
                {
                    complete = false;
                    break;
                }

                selected[key] = value;
            }

            if (complete)
            {
                rows.Add(selected);
            }
        }

        return Evenly(rows, samples);
    }

    /// <summary>At most <paramref name="max"/> items at evenly spaced positions, first and last included.</summary>
    public static List<T> Evenly<T>(List<T> items, int max)
    {
        if (items.Count <= max)
        {
            return items;
        }

        if (max <= 0)
        {
            return [];
        }

        if (max == 1)
        {
            return [items[0]];
        }

        var result = new List<T>(max);
        for (var i = 0; i < max; i++)
        {
            result.Add(items[(int)((long)i * (items.Count - 1) / (max - 1))]);
        }

        return result;
    }

    /// <summary>Finds a key as written, or as a dotted path into nested objects (<c>a.b</c>).</summary>
    private static bool TryResolve(Dictionary<string, object?> row, string key, out object? value)
    {
        if (row.TryGetValue(key, out value))
        {
            return true;
        }

        object? current = row;
        foreach (var part in key.Split('.'))
        {
            if (current is not Dictionary<string, object?> map || !map.TryGetValue(part, out current))
            {
                value = null;
                return false;
            }
        }

        value = current;
        return true;
    }
}
