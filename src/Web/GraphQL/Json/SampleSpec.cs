namespace Orleans.Wandb.Web.GraphQL.Json;

/// <summary>
/// One <c>sampledHistory</c> spec, e.g. <c>{"keys": ["_step", "loss"], "samples": 500, "minStep": 0, "maxStep": 99}</c>.
/// Unlike <c>history</c>, <see cref="MaxStep"/> is inclusive.
/// </summary>
public sealed record SampleSpec(IReadOnlyList<string> Keys, int Samples, long? MinStep, long? MaxStep)
{
    /// <summary>Rows returned when a spec names no sample count.</summary>
    public const int DefaultSamples = 500;

    /// <summary>Parses a spec JSONString; throws <see cref="FormatException"/> naming the problem.</summary>
    public static SampleSpec Parse(string? json)
    {
        if (TolerantJson.TryParseObject(json) is not { } spec)
        {
            throw new FormatException($"sampledHistory spec '{json}' is not a JSON object.");
        }

        if (!spec.TryGetValue("keys", out var keysValue) || keysValue is not List<object?> keyList || keyList.Any(key => key is not string))
        {
            throw new FormatException("sampledHistory spec needs \"keys\": a list of strings.");
        }

        return new SampleSpec(
            keyList.Cast<string>().ToList(),
            (int)Math.Clamp(Integer(spec, "samples") ?? DefaultSamples, 0, int.MaxValue),
            Integer(spec, "minStep"),
            Integer(spec, "maxStep"));
    }

    private static long? Integer(Dictionary<string, object?> spec, string name) =>
        spec.TryGetValue(name, out var value)
            ? value switch
            {
                long n => n,
                double d when double.IsFinite(d) => (long)d,
                null => null,
                _ => throw new FormatException($"sampledHistory spec field \"{name}\" must be a number."),
            }
            : null;
}
