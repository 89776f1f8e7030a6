namespace Orleans.Wandb.Contracts.Alerts;

/// <summary>What an alert may hold (past these the mutation answers 400 and stores nothing), and the rate-limit default.</summary>
public static class AlertLimits
{
    /// <summary>A title's length in characters.</summary>
    public const int MaxTitleLength = 1024;

    /// <summary>A text's length in characters.</summary>
    public const int MaxTextLength = 16 * 1024;

    /// <summary>The longest wait accepted (a week).</summary>
    public const long MaxWaitDurationSeconds = 7 * 24 * 3600;

    /// <summary>
    /// The wait when the client sends none: one minute. Py16 sends <c>wait_duration</c> only when the user gives one
    /// (wandb v0.16.6 wandb/sdk/wandb_run.py:Run.alert), and W&amp;B then waits a minute between alerts of one title.
    /// </summary>
    public const long DefaultWaitDurationSeconds = 60;

    /// <summary>Alerts one listing returns at most.</summary>
    public const int MaxPage = 500;
}
