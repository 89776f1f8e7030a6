namespace Orleans.Wandb.Contracts.Alerts;

/// <summary>A project's alert feed (every run's alerts, newest first). A stateless worker: use <c>grains.AlertFeed()</c>.</summary>
[Alias("wandb.IAlertFeedGrain")]
public interface IAlertFeedGrain : IGrainWithIntegerKey
{
    /// <summary>The project's alerts, newest first, at most <paramref name="first"/>.</summary>
    [Alias("ListProject")]
    Task<IReadOnlyList<RunAlert>> ListProjectAsync(string entity, string project, int first);
}
