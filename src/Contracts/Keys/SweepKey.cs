namespace Orleans.Wandb.Contracts.Keys;

/// <summary>Builds and parses the string keys of sweep grains: <c>"{entity}/{project}/{sweep}"</c>.</summary>
public static class SweepKey
{
    /// <summary>The grain key of one sweep, from its three names (each checked by <see cref="Names"/>).</summary>
    public static string From(string entity, string project, string sweep)
    {
        Names.EnsureValid(entity, "entity");
        Names.EnsureValid(project, "project");
        Names.EnsureValid(sweep, "sweep");
        return $"{entity}/{project}/{sweep}";
    }

    /// <summary>Splits a sweep grain key back into entity, project and sweep names.</summary>
    public static (string Entity, string Project, string Sweep) Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{key}' is not a sweep key (expected entity/project/sweep).");
        }

        return (parts[0], parts[1], parts[2]);
    }
}
