namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// One page of a logged table as the viewer asks for it: rows <see cref="Offset"/>.. of those matching
/// <see cref="Filter"/> (in <see cref="FilterColumn"/>, or in any column), ordered by <see cref="SortColumn"/>.
/// </summary>
/// <param name="Filter">
/// A case-insensitive substring of the cell's text, or a comparison with a number (<c>&gt; 0.5</c>, <c>&lt;= 3</c>,
/// <c>= 2</c>, <c>!= 0</c>) when a column is named.
/// </param>
public sealed record TableQuery(int Offset, int Limit, string? SortColumn, bool Descending, string? Filter, string? FilterColumn)
{
    /// <summary>Rows per page at most.</summary>
    public const int MaxLimit = 500;

    /// <summary>Largest offset a caller may ask for: past the 200,000 rows an artifact table holds at most (<c>Table.MAX_ARTIFACT_ROWS</c>).</summary>
    public const int MaxOffset = 10_000_000;

    /// <summary>Longest filter text.</summary>
    public const int MaxFilterLength = 256;
}
