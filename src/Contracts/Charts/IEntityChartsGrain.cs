namespace Orleans.Wandb.Contracts.Charts;

/// <summary>
/// The names of an entity's custom chart presets, keyed by entity name, durable in grain state: what
/// <c>entity.customCharts</c> lists. A preset adds itself before it is stored.
/// </summary>
[Alias("wandb.IEntityChartsGrain")]
public interface IEntityChartsGrain : IGrainWithStringKey
{
    /// <summary>Adds a preset name (idempotent). Throws when the entity already holds <see cref="ChartLimits.MaxChartsPerEntity"/>.</summary>
    [Alias("Add")]
    Task AddAsync(string name);

    /// <summary>The entity's preset names, in the order they were created.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
