using System.Text.Json.Nodes;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// Turns a parameter set into the shapes the protocol uses: the nested JSON object of values (nested parameters as
/// nested objects, as W&amp;B hands them to a run's config) and an agent's <c>args</c> (<c>{name: {"value": …}}</c>).
/// </summary>
internal static class SweepPoint
{
    /// <summary>The values as one JSON object, nested parameters nested.</summary>
    public static JsonObject Nest(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<JsonNode?> values)
    {
        var root = new JsonObject();
        for (var i = 0; i < parameters.Count; i++)
        {
            var target = root;
            var path = parameters[i].Path;
            for (var level = 0; level < path.Count - 1; level++)
            {
                if (target[path[level]] is not JsonObject child)
                {
                    child = new JsonObject();
                    target[path[level]] = child;
                }

                target = child;
            }

            target[path[^1]] = values[i]?.DeepClone();
        }

        return root;
    }

    /// <summary>The value of one parameter in a nested object, or null when absent.</summary>
    public static bool TryGet(JsonObject point, SweepParameter parameter, out JsonNode? value)
    {
        JsonNode? node = point;
        foreach (var name in parameter.Path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out node))
            {
                value = null;
                return false;
            }
        }

        value = node;
        return true;
    }

    /// <summary>The agent's <c>args</c>: each top-level entry wrapped as <c>{"value": …}</c>.</summary>
    public static JsonObject Args(JsonObject point)
    {
        var args = new JsonObject();
        foreach (var (name, value) in point)
        {
            args[name] = new JsonObject { ["value"] = value?.DeepClone() };
        }

        return args;
    }
}
