namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// One page of a table: its columns with the kind of value each holds (<c>number</c>, <c>string</c>, <c>boolean</c>,
/// <c>list</c>, <c>object</c>, a media type such as <c>image-file</c>, or <c>mixed</c>), how many rows it has and how
/// many pass the filter, and the page's rows as the JSON arrays stored, with their index in the table.
/// </summary>
public sealed record TablePage(
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> ColumnTypes,
    int TotalRows,
    int MatchedRows,
    int Offset,
    IReadOnlyList<int> RowIndexes,
    IReadOnlyList<byte[]> Rows);
