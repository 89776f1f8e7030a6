using Orleans.Wandb.Contracts.Live;
using Orleans.Wandb.Grains.Live;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>The web app's live view of a project: a version that changes with any of its run rows.</summary>
internal sealed partial class ProjectGrain : IProjectLiveGrain
{
    private readonly ChangeSignal _live = new();

    /// <inheritdoc />
    public Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait) => _live.WaitAsync(knownVersion, maxWait);

    /// <summary>Called wherever the run table or the project itself changes.</summary>
    private void NotifyViewers() => _live.Notify();
}
