namespace Orleans.Wandb.Contracts.Charts;

/// <summary>
/// A custom chart preset of an entity (<c>createCustomChart</c>): a Vega or Vega-Lite spec with <c>${field:…}</c> and
/// <c>${string:…}</c> placeholders that <c>wandb.plot_table(vega_spec_name="entity/name")</c> charts fill from a table.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.custom-chart.v1")]
public sealed record CustomChart
{
    [Id(0)] public required string Entity { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string DisplayName { get; init; }

    /// <summary>The spec language, one of <see cref="ChartLimits.SpecTypes"/> (the clients send <c>vega2</c>).</summary>
    [Id(3)] public required string Type { get; init; }

    /// <summary><c>PRIVATE</c> (the entity's members) or <c>PUBLIC</c> (every signed-in user).</summary>
    [Id(4)] public required string Access { get; init; }

    /// <summary>The spec, JSON text as the client sent it.</summary>
    [Id(5)] public required string Spec { get; init; }
    [Id(6)] public long CreatedBy { get; init; }
    [Id(7)] public DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; init; }
}
