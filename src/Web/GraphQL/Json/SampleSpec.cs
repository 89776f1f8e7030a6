using System.Text.Json;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Web.GraphQL.Json;

/// <summary>
/// Reads one <c>sampledHistory</c> spec, e.g. <c>{"keys": ["_step", "loss"], "samples": 500, "minStep": 0, "maxStep": 99}</c>.
/// Specs are written by the clients' own JSON encoders, so standard JSON is enough here.
/// </summary>
public static class SampleSpec
{
    /// <summary>Rows returned when a spec names no sample count.</summary>
    public const int DefaultSamples = 500;

    /// <summary>Parses a spec JSONString; throws <see cref="FormatException"/> naming the problem.</summary>
    public static SampledHistorySpec Parse(string? json, int maxSamples)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? "");
        }
        catch (JsonException)
        {
            throw new FormatException($"sampledHistory spec '{json}' is not a JSON object.");
        }

        using (document)
        {
            var spec = document.RootElement;
            if (spec.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"sampledHistory spec '{json}' is not a JSON object.");
            }

            if (!spec.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array
                || keys.EnumerateArray().Any(key => key.ValueKind != JsonValueKind.String))
            {
                throw new FormatException("sampledHistory spec needs \"keys\": a list of strings.");
            }

            return new SampledHistorySpec(
                keys.EnumerateArray().Select(key => key.GetString()!).ToList(),
                (int)Math.Clamp(Integer(spec, "samples") ?? DefaultSamples, 0, maxSamples),
                Integer(spec, "minStep"),
                Integer(spec, "maxStep"));
        }
    }

    private static long? Integer(JsonElement spec, string name) =>
        !spec.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? (long)Math.Clamp(number, long.MinValue, long.MaxValue)
            : throw new FormatException($"sampledHistory spec field \"{name}\" must be a number.");
}
