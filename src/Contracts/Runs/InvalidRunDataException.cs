namespace Orleans.Wandb.Contracts.Runs;

/// <summary>
/// A <c>file_stream</c> batch or an upsert carried data the server cannot store (a history line that is not a
/// JSON object, a negative offset, ...). Thrown before anything is written; the HTTP layer answers 400.
/// </summary>
[GenerateSerializer, Alias("wandb.invalid-run-data-exception.v1")]
public sealed class InvalidRunDataException : Exception
{
    public InvalidRunDataException()
    {
    }

    public InvalidRunDataException(string message)
        : base(message)
    {
    }

    public InvalidRunDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
