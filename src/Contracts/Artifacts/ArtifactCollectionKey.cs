using Orleans.Wandb.Contracts.Keys;

namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>Builds and parses the keys of artifact collection grains: <c>"{entity}/{project}/{collection}"</c>.</summary>
public static class ArtifactCollectionKey
{
    /// <summary>The grain key of one collection (each name checked by <see cref="Names"/>).</summary>
    public static string From(string entity, string project, string collection)
    {
        Names.EnsureValid(entity, "entity");
        Names.EnsureValid(project, "project");
        Names.EnsureValid(collection, "artifact collection");
        return $"{entity}/{project}/{collection}";
    }

    /// <summary>Splits a collection grain key into entity, project and collection names.</summary>
    public static (string Entity, string Project, string Collection) Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{key}' is not an artifact collection key (expected entity/project/collection).");
        }

        return (parts[0], parts[1], parts[2]);
    }
}
