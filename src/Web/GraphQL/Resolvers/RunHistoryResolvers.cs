using System.Text.Json;
using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Json;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// History reads of a run, all answered by the run grain's history engine: <c>history</c> (stored lines as strings,
/// <c>minStep ≤ _step &lt; maxStep</c>), <c>events</c>, <c>sampledHistory</c> (row objects with only the requested
/// keys, max inclusive), <c>historyKeys</c> (a JSON object with <c>lastStep</c>) and the always-empty
/// <c>parquetHistory</c> (clients then page through <c>history</c>).
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
        var requested = context.IntArgument("samples");
        var samples = SampleSpec.IsScanPage(minStep, maxStep, requested)
            ? MaxSamples
            : Math.Clamp(requested ?? DefaultSamples, 0, MaxSamples);
        return await Grain(node, context).GetHistoryAsync(new HistoryWindow(stream, minStep, maxStep, samples));
    }

    private static async Task<object?> SampledHistoryAsync(RunNode node, IResolveFieldContext context)
    {
        var specs = new List<SampledHistorySpec>();
        foreach (var text in context.StringListArgument("specs") ?? [])
        {
            try
            {
                specs.Add(SampleSpec.Parse(text, MaxSamples));
            }
            catch (FormatException ex)
            {
                throw new WandbRequestError(ex.Message);
            }
        }

        var answers = new List<JsonElement>(specs.Count);
        foreach (var spec in specs)
        {
            answers.Add(Parse(spec.Keys.Count == 0 ? "[]" : await Grain(node, context).GetSampledHistoryAsync(spec)));
        }

        return answers;
    }

    private static async Task<object?> HistoryKeysAsync(RunNode node, IResolveFieldContext context) =>
        Parse(await Grain(node, context).GetHistoryKeysAsync());

    /// <summary>The grain writes standard JSON (NaN and infinities as strings), embedded as a value.</summary>
    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static IRunGrain Grain(RunNode node, IResolveFieldContext context) =>
        context.Wandb().Grains.GetGrain<IRunGrain>(node.Key);
}
