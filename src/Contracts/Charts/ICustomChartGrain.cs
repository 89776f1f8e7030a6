namespace Orleans.Wandb.Contracts.Charts;

/// <summary>One custom chart preset, keyed by <see cref="Keys.CustomChartKey"/>, durable in grain state.</summary>
[Alias("wandb.ICustomChartGrain")]
public interface ICustomChartGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the preset or replaces its display name, type, access and spec (creating one again under the same name
    /// updates it, so a script that registers its preset on every run keeps working); returns it once stored.
    /// </summary>
    [Alias("Save")]
    Task<CustomChart> SaveAsync(CustomChart chart);

    /// <summary>The preset, or null when there is none of this name.</summary>
    [Alias("Get")]
    Task<CustomChart?> GetAsync();
}
