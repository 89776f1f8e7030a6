using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>A custom chart preset as GraphQL shows it.</summary>
public sealed record CustomChartNode(CustomChart Chart)
{
    public string Id => CustomChartKey.From(Chart.Entity, Chart.Name);

    public string Name => Chart.Name;

    public string DisplayName => Chart.DisplayName;

    public string Type => Chart.Type;

    public string Access => Chart.Access;

    public string Spec => Chart.Spec;

    public EntityNode Entity => new(Chart.Entity);

    public DateTimeOffset CreatedAt => Chart.CreatedAt;

    public DateTimeOffset UpdatedAt => Chart.UpdatedAt;
}
