using System.Text.Json.Nodes;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>
/// Grid search: point <c>i</c> of the product of every parameter's grid values, in the order of
/// <c>itertools.product</c> over the parameters as listed (the last parameter varies fastest). Points are addressed
/// by index so the grain stores numbers, not parameter sets, and knows exactly which points are left.
/// </summary>
internal static class GridSearch
{
    /// <summary>The values of grid point <paramref name="index"/>.</summary>
    public static JsonNode?[] Point(IReadOnlyList<IReadOnlyList<JsonNode?>> grid, long index)
    {
        var values = new JsonNode?[grid.Count];
        for (var i = grid.Count - 1; i >= 0; i--)
        {
            var count = grid[i].Count;
            values[i] = grid[i][(int)(index % count)]?.DeepClone();
            index /= count;
        }

        return values;
    }
}
