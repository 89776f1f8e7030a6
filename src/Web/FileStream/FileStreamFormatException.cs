namespace Orleans.Wandb.Web.FileStream;

/// <summary>A file_stream body that is not shaped as the protocol says; answered with 400 and the message.</summary>
public sealed class FileStreamFormatException(string message) : Exception(message);
