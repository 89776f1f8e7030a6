using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Json;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// History reads of a run: <c>history</c> (stored lines as strings, <c>minStep ≤ _step &lt; maxStep</c>),
/// <c>events</c>, <c>sampledHistory</c> (row objects with only the requested keys, max inclusive),
/// <c>historyKeys</c> (a JSON object with <c>lastStep</c>) and the always-empty <c>parquetHistory</c>.
/// </summary>
internal static class RunHistoryResolvers
{
    /// <summary>Rows returned when <c>samples</c> is absent.</summary>
    private const int DefaultSamples = 500;

    /// <summary>Upper bound on rows per answer, whatever a client asks for.</summary>
    private const int MaxSamples = 100_000;

    public static void Register(TypeSettings types)
    {
        types.For("Run")
            .ResolveAsync<RunNode>("history", (node, context) => ReadAsync(
                node, context, RunStream.History, context.LongArgument("minStep"), context.LongArgument("maxStep")))
            .ResolveAsync<RunNode>("events", (node, context) => ReadAsync(node, context, RunStream.Events, null, null))
            .ResolveAsync<RunNode>("sampledHistory", SampledHistoryAsync)
            .ResolveAsync<RunNode>("historyKeys", HistoryKeysAsync)
            .Resolve<RunNode>("parquetHistory", _ => ParquetHistoryModel.Empty);
    }

    private static async Task<object?> ReadAsync(RunNode node, IResolveFieldContext context, RunStream stream, long? minStep, long? maxStep)
    {
        var samples = Math.Clamp(context.IntArgument("samples") ?? DefaultSamples, 0, MaxSamples);
        return await Grain(node, context).GetHistoryAsync(new HistoryWindow(stream, minStep, maxStep, samples));
    }

    private static async Task<object?> SampledHistoryAsync(RunNode node, IResolveFieldContext context)
    {
        var specs = context.StringListArgument("specs") ?? [];
        var answers = new List<object>(specs.Count);
        foreach (var text in specs)
        {
            SampleSpec spec;
            try
            {
                spec = SampleSpec.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new WandbRequestError(ex.Message);
            }

            // Rows are filtered by key before sampling, so the window is read whole: the grain's own sampling
            // would drop rows that carry the keys. (A keyed sampling method on the run grain would avoid this.)
            var maxExclusive = spec.MaxStep is { } max && max < long.MaxValue ? max + 1 : spec.MaxStep;
            var lines = await Grain(node, context).GetHistoryAsync(
                new HistoryWindow(RunStream.History, spec.MinStep, maxExclusive, int.MaxValue));
            answers.Add(HistorySampling.SelectRows(lines, spec.Keys, Math.Min(spec.Samples, MaxSamples)));
        }

        return answers;
    }

    private static async Task<object?> HistoryKeysAsync(RunNode node, IResolveFieldContext context)
    {
        var json = await Grain(node, context).GetHistoryKeysAsync();
        try
        {
            return string.IsNullOrWhiteSpace(json) ? new Dictionary<string, object?>() : TolerantJson.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Run {node.Key} returned history keys that are not JSON.", ex);
        }
    }

    private static IRunGrain Grain(RunNode node, IResolveFieldContext context) =>
        context.Wandb().Grains.GetGrain<IRunGrain>(node.Key);
}
