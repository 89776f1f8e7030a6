namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>A row's place in a sorted table: its cell's rank (0 number, 1 text, 2 other, 3 missing), value, and the row index that breaks ties.</summary>
public readonly record struct TableSortKey(int Rank, double Number, string? Text, int Row)
{
    /// <summary>Orders keys ascending or descending by value; missing values stay last and equal values keep the table's order either way.</summary>
    public static Comparison<TableSortKey> Comparer(bool descending) => (a, b) =>
    {
        if (a.Rank != b.Rank)
        {
            return a.Rank == 3 || b.Rank == 3 ? a.Rank.CompareTo(b.Rank) : (descending ? b.Rank.CompareTo(a.Rank) : a.Rank.CompareTo(b.Rank));
        }

        var byValue = a.Rank == 0 ? a.Number.CompareTo(b.Number) : string.Compare(a.Text, b.Text, StringComparison.OrdinalIgnoreCase);
        if (byValue != 0)
        {
            return descending ? -byValue : byValue;
        }

        return a.Row.CompareTo(b.Row);
    };
}
