using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Charts;

/// <summary>A custom chart preset in grain state, written before <c>createCustomChart</c> is answered.</summary>
internal sealed class CustomChartGrain(
    [PersistentState(StateNames.CustomChart, StorageNames.Metadata)] IPersistentState<CustomChartState> state,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock) : Grain, ICustomChartGrain
{
    /// <inheritdoc />
    public async Task<CustomChart> SaveAsync(CustomChart chart)
    {
        CustomChartKey.TryParse(this.GetPrimaryKeyString(), out var entity, out var name);
        if (chart.Entity != entity || chart.Name != name)
        {
            throw new ArgumentException($"The chart \"{chart.Entity}/{chart.Name}\" does not belong to the grain \"{entity}/{name}\".");
        }

        var now = clock.GetUtcNow();
        var saved = chart with
        {
            CreatedBy = state.State.Chart?.CreatedBy ?? chart.CreatedBy,
            CreatedAt = state.State.Chart?.CreatedAt ?? now,
            UpdatedAt = now,
        };

        // Listed first: a preset that is stored but not listed would be invisible, a listed one not stored yet is skipped.
        await GrainFactory.GetGrain<IEntityChartsGrain>(entity).AddAsync(name);
        var before = state.State.Chart;
        state.State.Chart = saved;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Chart = before;
            throw;
        }

        return saved;
    }

    /// <inheritdoc />
    public Task<CustomChart?> GetAsync() => Task.FromResult(state.State.Chart);
}

/// <summary>The stored preset (null until it is created).</summary>
[GenerateSerializer, Alias("wandb.custom-chart-state.v1")]
public sealed class CustomChartState
{
    [Id(0)] public CustomChart? Chart { get; set; }
}
