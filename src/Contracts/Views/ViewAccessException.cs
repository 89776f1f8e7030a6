namespace Orleans.Wandb.Contracts.Views;

/// <summary>A view that exists but belongs to another user, who alone (or a project administrator) may change it.</summary>
[GenerateSerializer, Alias("wandb.view-access-exception.v1")]
public sealed class ViewAccessException : Exception
{
    public ViewAccessException()
    {
    }

    public ViewAccessException(string message)
        : base(message)
    {
    }

    public ViewAccessException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
