using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Contracts.Sweeps;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>A project's sweep names in grain state, written before a new sweep is acknowledged.</summary>
internal sealed class ProjectSweepsGrain(
    [PersistentState(StateNames.ProjectSweeps, StorageNames.Metadata)] IPersistentState<ProjectSweepsState> state) : Grain, IProjectSweepsGrain
{
    /// <inheritdoc />
    public async Task AddAsync(string sweepName)
    {
        if (state.State.Names.Contains(sweepName))
        {
            return;
        }

        if (state.State.Names.Count >= SweepLimits.MaxSweepsPerProject)
        {
            throw new CapExceededException($"The project already holds {SweepLimits.MaxSweepsPerProject} sweeps.");
        }

        state.State.Names.Add(sweepName);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Names.Remove(sweepName);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(Enumerable.Reverse(state.State.Names).ToArray());
}

/// <summary>The names of a project's sweeps, oldest first.</summary>
[GenerateSerializer, Alias("wandb.project-sweeps-state.v1")]
public sealed class ProjectSweepsState
{
    [Id(0)] public List<string> Names { get; set; } = [];
}
