using System.Text.Json;
using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Custom chart presets (docs/protocol/graphql.md#custom-charts): <c>createCustomChart</c> (<c>Api.create_custom_chart</c>,
/// wandb v0.28.2 core/api/graphql/mutation_create_custom_chart.graphql) stores one per entity; <c>customChart(id)</c> and
/// <c>entity.customCharts</c> serve them back to whoever may read them: the entity's members, and every signed-in user
/// for a <c>PUBLIC</c> one. Creating needs Write in the entity (the one rule, as for its projects).
/// </summary>
internal static class CustomChartResolvers
{
    public static void Register(TypeSettings types)
    {
        types.For("Mutation").ResolveAsync("createCustomChart", CreateAsync);
        types.For("Query").ResolveAsync("customChart", GetAsync);
        types.For("Entity").ResolveAsync<EntityNode>("customCharts", ListAsync);
    }

    private static async Task<object?> CreateAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = input.String("entity");
        var name = input.String("name");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(name, "chart");
        var level = await wandb.Directory.GetEntityAccessAsync(wandb.User.Id, entity!);
        if (level < AccessLevel.Read || !await wandb.Directory.EntityExistsAsync(entity!))
        {
            throw new WandbRequestError($"entity {entity} not found", 404);
        }

        if (level < AccessLevel.Write)
        {
            throw WandbRequestError.PermissionDenied(wandb.User.Username, entity!);
        }

        var chart = new CustomChart
        {
            Entity = entity!,
            Name = name!,
            DisplayName = DisplayName(input.String("displayName"), name!),
            Type = OneOf(input.String("type"), ChartLimits.SpecTypes, "type"),
            Access = OneOf(input.String("access")?.ToUpperInvariant(), ChartLimits.AccessLevels, "access"),
            Spec = Spec(input.String("spec")),
            CreatedBy = wandb.User.Id,
        };
        var saved = await wandb.Grains.GetGrain<ICustomChartGrain>(CustomChartKey.From(chart.Entity, chart.Name)).SaveAsync(chart);
        GraphQLLog.CustomChartSaved(wandb.Logger, saved.Entity, saved.Name, wandb.User.Id);
        return new CreateCustomChartPayload(new CustomChartNode(saved), input.String("clientMutationId"));
    }

    private static async Task<object?> GetAsync(IResolveFieldContext context)
    {
        if (!CustomChartKey.TryParse(context.StringArgument("id"), out var entity, out var name))
        {
            return null;
        }

        var chart = await context.Wandb().Grains.GetGrain<ICustomChartGrain>(CustomChartKey.From(entity, name)).GetAsync();
        return chart is not null && await MayReadAsync(context.Wandb(), chart) ? new CustomChartNode(chart) : null;
    }

    private static async Task<object?> ListAsync(EntityNode node, IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var charts = new List<CustomChartNode>();
        if (!Names.IsValid(node.Name))
        {
            return Connection<CustomChartNode>.All(charts);
        }

        foreach (var name in await wandb.Grains.GetGrain<IEntityChartsGrain>(node.Name).ListAsync())
        {
            if (await wandb.Grains.GetGrain<ICustomChartGrain>(CustomChartKey.From(node.Name, name)).GetAsync() is { } chart
                && await MayReadAsync(wandb, chart))
            {
                charts.Add(new CustomChartNode(chart));
            }
        }

        return Connection<CustomChartNode>.All(charts);
    }

    private static async Task<bool> MayReadAsync(WandbGraphQLContext wandb, CustomChart chart) =>
        chart.Access == "PUBLIC" || await wandb.Directory.GetEntityAccessAsync(wandb.User.Id, chart.Entity) >= AccessLevel.Read;

    private static string DisplayName(string? displayName, string name)
    {
        var value = string.IsNullOrWhiteSpace(displayName) ? name : displayName;
        return value.Length <= ChartLimits.MaxDisplayNameLength
            ? value
            : throw new WandbRequestError($"displayName is longer than {ChartLimits.MaxDisplayNameLength} characters.", 400);
    }

    private static string OneOf(string? value, IReadOnlySet<string> allowed, string what) =>
        value is not null && allowed.Contains(value)
            ? value
            : throw new WandbRequestError(
                $"{what} \"{value}\" is not one of {string.Join(", ", allowed.Order(StringComparer.Ordinal).Select(a => $"\"{a}\""))}.", 400);

    private static string Spec(string? spec)
    {
        if (spec is null || spec.Length > ChartLimits.MaxSpecLength)
        {
            throw new WandbRequestError($"spec must be a JSON object of at most {ChartLimits.MaxSpecLength} characters.", 400);
        }

        try
        {
            using var document = JsonDocument.Parse(spec);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? spec
                : throw new WandbRequestError("spec must be a JSON object (a Vega or Vega-Lite specification).", 400);
        }
        catch (JsonException e)
        {
            throw new WandbRequestError($"spec is not valid JSON: {e.Message}", 400);
        }
    }
}
