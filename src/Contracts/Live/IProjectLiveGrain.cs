using Orleans.Concurrency;

namespace Orleans.Wandb.Contracts.Live;

/// <summary>
/// The live side of a project, keyed by <see cref="Keys.ProjectKey"/> (the same activation as
/// <see cref="Projects.IProjectGrain"/>): its version changes whenever a run row of the project does.
/// </summary>
[Alias("wandb.IProjectLiveGrain")]
public interface IProjectLiveGrain : IGrainWithStringKey
{
    /// <summary>As <see cref="IRunLiveGrain.WaitForChangeAsync"/>, for any run of the project.</summary>
    [AlwaysInterleave, Alias("WaitForChange")]
    Task<long> WaitForChangeAsync(long knownVersion, TimeSpan maxWait);
}
