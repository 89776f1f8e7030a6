namespace Orleans.Wandb.Contracts.Limits;

/// <summary>
/// A request asked for more than one of the server's documented caps allows (keys per run or project, run-filter
/// size, a pattern that ran too long). Thrown before anything is written; every HTTP surface, GraphQL included,
/// answers 400 with this message, which the clients show and do not retry.
/// </summary>
[GenerateSerializer, Alias("wandb.cap-exceeded-exception.v1")]
public sealed class CapExceededException : Exception
{
    public CapExceededException()
    {
    }

    public CapExceededException(string message)
        : base(message)
    {
    }

    public CapExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
