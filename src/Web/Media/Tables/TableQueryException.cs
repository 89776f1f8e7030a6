namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>A table query that names what the table does not have (a column to sort or filter by): answered 400.</summary>
public sealed class TableQueryException(string message) : Exception(message);
