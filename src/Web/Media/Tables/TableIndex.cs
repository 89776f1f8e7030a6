namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// What <see cref="TableIndexes"/> knows of one version of a stored table: its columns and their types, its row count,
/// and the files on the local disk that hold a copy of the table (non-finite numbers quoted) and each row's place in it.
/// </summary>
/// <param name="Name">The files' common name in the index folder (a hash of the object key and its version).</param>
/// <param name="ColumnFiles">The first columns that have a filter's files (<see cref="TableColumnFiles"/>).</param>
public sealed record TableIndex(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> ColumnTypes, int RowCount, int ColumnFiles);
