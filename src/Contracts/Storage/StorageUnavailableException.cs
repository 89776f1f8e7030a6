namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// A storage backend (disk, database, blob store) failed or could not be reached, so a write was not made
/// durable. Callers answer 503 and the clients retry; nothing was acknowledged.
/// </summary>
[GenerateSerializer, Alias("wandb.storage-unavailable-exception.v1")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
