using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Contracts.Projects;

/// <summary>
/// One project, keyed by <see cref="Keys.ProjectKey"/>. Holds the run-table rows of its runs in memory
/// (loaded from the run index on activation, kept current by run grains) and answers run-table queries.
/// </summary>
[Alias("wandb.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>Creates the project if it does not exist; returns it either way.</summary>
    [Alias("Ensure")]
    Task<ProjectInfo> EnsureAsync(long userId);

    /// <summary>The project, or null when it does not exist.</summary>
    [Alias("Get")]
    ValueTask<ProjectInfo?> GetAsync();

    /// <summary>Records the current row of one of the project's runs.</summary>
    [Alias("UpsertRunRow")]
    Task UpsertRunRowAsync(RunRow row);

    /// <summary>Re-reads the project and its run rows from the store (after a settings change or a deletion).</summary>
    [Alias("Reload")]
    Task ReloadAsync();

    /// <summary>Removes a run from the table.</summary>
    [Alias("RemoveRun")]
    Task RemoveRunAsync(string runName);

    /// <summary>
    /// One page of runs in the requested order, and how many runs match. Interleaves: it reads an immutable
    /// snapshot of the run table off the grain's turn, so a large query never holds up the run rows arriving.
    /// </summary>
    [AlwaysInterleave, Alias("ListRuns")]
    Task<RunPage> ListRunsAsync(RunListQuery query);

    /// <summary>
    /// Counts config and summary paths a run is about to add against <see cref="Limits.KeyLimits.MaxKeysPerProject"/>
    /// and reserves them; throws <see cref="Limits.CapExceededException"/> past the cap. Called by a run before it
    /// stores a config or summary with keys it has not held before.
    /// </summary>
    [Alias("AdmitKeys")]
    Task AdmitKeysAsync(IReadOnlyList<string> paths);
}
