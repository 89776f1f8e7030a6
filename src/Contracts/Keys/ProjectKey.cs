namespace Orleans.Wandb.Contracts.Keys;

/// <summary>Builds and parses the string keys of project grains: <c>"{entity}/{project}"</c>.</summary>
public static class ProjectKey
{
    /// <summary>The grain key of one project.</summary>
    public static string From(string entity, string project)
    {
        Names.EnsureValid(entity, "entity");
        Names.EnsureValid(project, "project");
        return $"{entity}/{project}";
    }

    /// <summary>The project key that owns a run key.</summary>
    public static string OfRun(string runKey)
    {
        var (entity, project, _) = RunKey.Parse(runKey);
        return $"{entity}/{project}";
    }

    /// <summary>Splits a project grain key into entity and project names.</summary>
    public static (string Entity, string Project) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash != key.LastIndexOf('/'))
        {
            throw new FormatException($"'{key}' is not a project key (expected entity/project).");
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
