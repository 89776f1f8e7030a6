namespace Orleans.Wandb.Contracts.Keys;

/// <summary>
/// Builds and parses the string keys of custom chart presets: <c>"{entity}/{name}"</c>, which is also the chart's id as
/// the clients see it (<c>Api.create_custom_chart</c> returns it, <c>wandb.plot_table(vega_spec_name=…)</c> names it).
/// </summary>
public static class CustomChartKey
{
    /// <summary>The grain key of one preset, from its entity and name (each checked by <see cref="Names"/>).</summary>
    public static string From(string entity, string name)
    {
        Names.EnsureValid(entity, "entity");
        Names.EnsureValid(name, "chart");
        return $"{entity}/{name}";
    }

    /// <summary>Splits a preset key (or id) into entity and name; false when it is not one.</summary>
    public static bool TryParse(string? key, out string entity, out string name)
    {
        var parts = key?.Split('/') ?? [];
        (entity, name) = parts.Length == 2 ? (parts[0], parts[1]) : ("", "");
        return parts.Length == 2 && Names.IsValid(entity) && Names.IsValid(name);
    }
}
