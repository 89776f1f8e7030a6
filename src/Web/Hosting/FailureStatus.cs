namespace Orleans.Wandb.Web.Hosting;

/// <summary>
/// Maps failures from grains and storage onto HTTP statuses that make the W&amp;B clients do the right thing:
/// 400 for data that is truly invalid (clients drop it), 503 for anything transient (clients retry).
/// </summary>
public static class FailureStatus
{
    /// <summary>The status for an exception thrown while serving a request, and a message safe to show.</summary>
    public static (int Status, string Message) Classify(Exception exception) => exception switch
    {
        BodyTooLargeException => (413, exception.Message),
        ArgumentException => (400, exception.Message),
        _ when IsInvalidData(exception) => (400, exception.Message),
        _ => (503, "The server cannot store this right now; retry later."),
    };

    private static bool IsInvalidData(Exception exception) =>
        exception.GetType().Name is "InvalidRunDataException";
}
