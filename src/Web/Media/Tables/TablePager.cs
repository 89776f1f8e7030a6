namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// Serves a page of a stored table without holding the table: one streaming pass (<see cref="TableScanner"/>) counts
/// rows, column kinds and filter matches and keeps the page's rows; a sorted page keeps only a small sort key per
/// matching row in the first pass and reads the table a second time for the page's rows.
/// </summary>
public static class TablePager
{
    /// <summary>The page <paramref name="query"/> asks for; <paramref name="open"/> opens the stored table (called once, twice when sorting).</summary>
    public static async Task<TablePage> PageAsync(Func<CancellationToken, Task<Stream>> open, TableQuery query, CancellationToken cancellationToken)
    {
        var filter = TableFilter.Parse(query.Filter, query.FilterColumn is not null);
        var kinds = new List<Dictionary<string, int>>();
        var keys = query.SortColumn is null ? null : new List<TableSortKey>();
        var pageRows = new List<byte[]>();
        var pageIndexes = new List<int>();
        var cells = new List<(int Start, int Length)>();
        IReadOnlyList<string>? columns = null;
        int filterColumn = -1, sortColumn = -1, matched = 0;

        void OnRow(IReadOnlyList<string> read, int index, ReadOnlySpan<byte> row)
        {
            if (columns is null)
            {
                columns = read;
                filterColumn = ColumnIndex(columns, query.FilterColumn);
                sortColumn = ColumnIndex(columns, query.SortColumn);
            }

            TableCells.CountKinds(row, kinds);
            if (filter is not null && !Passes(filter, row, filterColumn, cells))
            {
                return;
            }

            var position = matched++;
            if (keys is not null)
            {
                keys.Add(TableCells.SortKey(TableCells.Cell(row, sortColumn), index));
            }
            else if (position >= query.Offset && position < query.Offset + query.Limit)
            {
                pageRows.Add(row.ToArray());
                pageIndexes.Add(index);
            }
        }

        TableScanner scanner;
        await using (var stream = await open(cancellationToken))
        {
            scanner = await TableScanner.ScanAsync(stream, OnRow, cancellationToken);
        }

        columns ??= scanner.Columns;
        ColumnIndex(columns, query.FilterColumn);
        ColumnIndex(columns, query.SortColumn);

        if (keys is not null && query.Offset < keys.Count)
        {
            keys.Sort(TableSortKey.Comparer(query.Descending));
            var wanted = new Dictionary<int, int>();
            foreach (var key in keys.Skip(query.Offset).Take(query.Limit))
            {
                wanted[key.Row] = wanted.Count;
            }

            var picked = new byte[wanted.Count][];
            await using (var again = await open(cancellationToken))
            {
                await TableScanner.ScanAsync(again, (_, index, row) =>
                {
                    if (wanted.TryGetValue(index, out var at))
                    {
                        picked[at] = row.ToArray();
                    }
                }, cancellationToken);
            }

            if (picked.Any(row => row is null))
            {
                throw new TableFormatException("The table changed while it was read.");
            }

            pageRows.AddRange(picked);
            pageIndexes.AddRange(wanted.OrderBy(w => w.Value).Select(w => w.Key));
        }

        var types = Enumerable.Range(0, Math.Max(columns.Count, kinds.Count)).Select(i => i < kinds.Count ? TypeOf(kinds[i]) : "none").ToList();
        var names = columns.Concat(Enumerable.Range(columns.Count, Math.Max(0, kinds.Count - columns.Count)).Select(i => $"column {i + 1}")).ToList();
        return new TablePage(names, types, scanner.RowCount, matched, query.Offset, pageIndexes, pageRows);
    }

    private static bool Passes(TableFilter filter, ReadOnlySpan<byte> row, int column, List<(int Start, int Length)> cells)
    {
        if (column >= 0)
        {
            return filter.Matches(TableCells.Cell(row, column));
        }

        TableCells.Cells(row, cells);
        foreach (var (start, length) in cells)
        {
            if (filter.Matches(row.Slice(start, length)))
            {
                return true;
            }
        }

        return false;
    }

    internal static int ColumnIndex(IReadOnlyList<string> columns, string? name)
    {
        if (name is null)
        {
            return -1;
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }

        throw new TableQueryException($"The table has no column '{name}'.");
    }

    /// <summary>A column's type: the one kind its non-null cells have, or "mixed".</summary>
    internal static string TypeOf(Dictionary<string, int> kinds)
    {
        var present = kinds.Keys.Where(k => k != "none").ToList();
        return present.Count switch
        {
            0 => "none",
            1 => present[0],
            _ => "mixed",
        };
    }
}
