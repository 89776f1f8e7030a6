namespace Orleans.Wandb.Contracts.Alerts;

/// <summary>
/// The alerts of one run, keyed by <see cref="Keys.RunKey"/>. One activation per run orders them, so two alerts of
/// the same title arriving together cannot both pass the rate limit.
/// </summary>
[Alias("wandb.IRunAlertsGrain")]
public interface IRunAlertsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the alert before answering; it is <see cref="RunAlert.RateLimited"/> when a notified alert of the same title
    /// is younger than this alert's wait. Throws <see cref="ArgumentException"/> past <see cref="AlertLimits"/>.
    /// </summary>
    [Alias("Notify")]
    Task<RunAlert> NotifyAsync(NewRunAlert alert);

    /// <summary>The run's alerts, newest first, at most <paramref name="first"/>.</summary>
    [Alias("List")]
    Task<IReadOnlyList<RunAlert>> ListAsync(int first);
}
