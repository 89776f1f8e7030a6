namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>A relay connection page; serves every <c>*Connection</c> type (unused members are never selected).</summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo)
{
    public int? TotalCount { get; init; }

    /// <summary>Headers for PUTs of upload URLs in this page (<c>FileConnection.uploadHeaders</c>); none needed.</summary>
    public IReadOnlyList<string> UploadHeaders { get; init; } = [];

    /// <summary>Pages <paramref name="items"/> (already in cursor order) after <paramref name="after"/>.</summary>
    public static Connection<T> Page(IReadOnlyList<T> items, Func<T, string> cursorOf, string? after, int? first)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            // Cursors are sort keys, so a cursor whose item vanished still continues at the right place.
            while (start < items.Count && string.CompareOrdinal(cursorOf(items[start]), after) <= 0)
            {
                start++;
            }
        }

        var count = Math.Min(Math.Max(first ?? int.MaxValue, 0), items.Count - start);
        var edges = new List<Edge<T>>(count);
        for (var i = start; i < start + count; i++)
        {
            edges.Add(new Edge<T>(items[i], cursorOf(items[i])));
        }

        var pageInfo = new PageInfo(edges.Count > 0 ? edges[^1].Cursor : null, start + count < items.Count);
        return new Connection<T>(edges, pageInfo) { TotalCount = items.Count };
    }

    /// <summary>A single page holding every item.</summary>
    public static Connection<T> All(IReadOnlyList<T> items, Func<T, string?>? cursorOf = null) =>
        new(items.Select(item => new Edge<T>(item, cursorOf?.Invoke(item))).ToList(), new PageInfo(null, false))
        {
            TotalCount = items.Count,
        };
}
