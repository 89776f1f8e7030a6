using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Alerts;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Alerts;

/// <summary>Projects' alert feeds straight from <see cref="IAlertStore"/>: a stateless worker answering on every silo.</summary>
[StatelessWorker]
internal sealed class AlertFeedGrain(IAlertStore store) : Grain, IAlertFeedGrain
{
    /// <inheritdoc />
    public Task<IReadOnlyList<RunAlert>> ListProjectAsync(string entity, string project, int first) =>
        store.ListProjectAsync(entity, project, Math.Clamp(first, 0, AlertLimits.MaxPage));
}
