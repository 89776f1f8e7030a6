namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>A stored table that cannot be served: not the JSON the clients write, or past the reader's limits (answered 422).</summary>
public sealed class TableFormatException(string message) : Exception(message);
