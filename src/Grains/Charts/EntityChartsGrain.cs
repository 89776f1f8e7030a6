using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Charts;

/// <summary>An entity's custom chart preset names in grain state, written before a new preset is stored.</summary>
internal sealed class EntityChartsGrain(
    [PersistentState(StateNames.EntityCharts, StorageNames.Metadata)] IPersistentState<EntityChartsState> state) : Grain, IEntityChartsGrain
{
    /// <inheritdoc />
    public async Task AddAsync(string name)
    {
        if (state.State.Names.Contains(name))
        {
            return;
        }

        if (state.State.Names.Count >= ChartLimits.MaxChartsPerEntity)
        {
            throw new CapExceededException($"The entity already holds {ChartLimits.MaxChartsPerEntity} custom charts.");
        }

        state.State.Names.Add(name);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Names.Remove(name);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Names]);
}

/// <summary>The names of an entity's custom chart presets, oldest first.</summary>
[GenerateSerializer, Alias("wandb.entity-charts-state.v1")]
public sealed class EntityChartsState
{
    [Id(0)] public List<string> Names { get; set; } = [];
}
