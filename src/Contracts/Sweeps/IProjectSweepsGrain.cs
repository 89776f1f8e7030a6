namespace Orleans.Wandb.Contracts.Sweeps;

/// <summary>
/// The list of a project's sweeps, keyed by <see cref="Keys.ProjectKey"/>, durable in grain state: what
/// <c>Project.sweeps</c> and <c>totalSweeps</c> read. A sweep adds itself when it is created.
/// </summary>
[Alias("wandb.IProjectSweepsGrain")]
public interface IProjectSweepsGrain : IGrainWithStringKey
{
    /// <summary>Adds a sweep name (idempotent). Throws when the project already holds <see cref="SweepLimits.MaxSweepsPerProject"/>.</summary>
    [Alias("Add")]
    Task AddAsync(string sweepName);

    /// <summary>The project's sweep names, newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
