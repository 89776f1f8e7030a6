using System.Text.Json.Nodes;

namespace Orleans.Wandb.Grains.Sweeps;

/// <summary>Random search: every parameter drawn independently from its distribution.</summary>
internal static class RandomSearch
{
    public static JsonNode?[] Point(IReadOnlyList<SweepParameter> parameters, Random random) =>
        parameters.Select(p => p.Sample(random)).ToArray();
}
