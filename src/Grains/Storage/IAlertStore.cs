using Orleans.Wandb.Contracts.Alerts;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// Runs' alerts (<c>run_alerts</c>: SQLite in the embedded profile, MySQL in the cluster profile). An insert is
/// durable when it returns; ordering per run is the run's alerts grain's job.
/// </summary>
public interface IAlertStore
{
    /// <summary>Stores an alert and returns it with its id.</summary>
    Task<RunAlert> InsertAsync(RunAlert alert);

    /// <summary>When the run last notified (not rate-limited) an alert of this title, or null.</summary>
    Task<DateTimeOffset?> LastNotifiedAsync(string entity, string project, string runName, string title);

    /// <summary>A run's alerts, newest first.</summary>
    Task<IReadOnlyList<RunAlert>> ListRunAsync(string entity, string project, string runName, int first);

    /// <summary>A project's alerts, newest first.</summary>
    Task<IReadOnlyList<RunAlert>> ListProjectAsync(string entity, string project, int first);
}
