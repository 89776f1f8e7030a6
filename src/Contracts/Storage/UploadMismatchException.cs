namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// Bytes a client uploaded do not have the MD5 they were announced with. Nothing was registered and the upload is
/// gone; the request that found it answers 400 with this message (the client must upload again).
/// </summary>
[GenerateSerializer, Alias("wandb.upload-mismatch-exception.v1")]
public sealed class UploadMismatchException : Exception
{
    public UploadMismatchException()
    {
    }

    public UploadMismatchException(string message)
        : base(message)
    {
    }

    public UploadMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
