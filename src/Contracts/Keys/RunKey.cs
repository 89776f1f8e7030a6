namespace Orleans.Wandb.Contracts.Keys;

/// <summary>
/// Builds and parses the string keys of run grains: <c>"{entity}/{project}/{run}"</c>.
/// Every run grain key in the system comes from here, never from ad hoc concatenation.
/// </summary>
public static class RunKey
{
    /// <summary>The grain key of one run, from its three names (each checked by <see cref="Names"/>).</summary>
    public static string From(string entity, string project, string run)
    {
        Names.EnsureValid(entity, "entity");
        Names.EnsureValid(project, "project");
        Names.EnsureValid(run, "run");
        return $"{entity}/{project}/{run}";
    }

    /// <summary>Splits a run grain key back into entity, project and run names.</summary>
    public static (string Entity, string Project, string Run) Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{key}' is not a run key (expected entity/project/run).");
        }

        return (parts[0], parts[1], parts[2]);
    }
}
