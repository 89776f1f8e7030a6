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

            // The sweep commands ask with "{}" (wandb v0.16.6 internal_api.py:Api.sweep via get_sweep_state): no keys, no rows.
            if (!spec.TryGetProperty("keys", out var keys))
            {
                return new SampledHistorySpec([], 0, null, null);
            }

            if (keys.ValueKind != JsonValueKind.Array
                || keys.EnumerateArray().Any(key => key.ValueKind != JsonValueKind.String))
            {
                throw new FormatException("sampledHistory spec needs \"keys\": a list of strings.");
            }

            var samples = Integer(spec, "samples") ?? DefaultSamples;
            var minStep = Integer(spec, "minStep");
            var maxStep = Integer(spec, "maxStep");
            if (minStep is { } min && maxStep is { } max && samples == max - min && max > long.MinValue)
            {
                // A scan_history(keys=...) page of Py16 up to 0.25 (wandb/apis/public/history.py:SampledHistoryScan):
                // pages [a, a+P] with P samples and the next page starts at a+P. Read inclusively, the boundary step
                // came twice and P+1 rows were sampled down to P, losing rows: the page is [a, a+P).
                maxStep = max - 1;
            }

            // A scan page (the style above, or New's [a, a+P-1] with P samples) returns every row of its window, even
            // when repeated steps put more than P rows there: sampling a page would lose rows the client never sees.
            var scanPage = minStep is { } from && maxStep is { } to && samples == to - from + 1;
            return new SampledHistorySpec(
                keys.EnumerateArray().Select(key => key.GetString()!).ToList(),
                scanPage ? maxSamples : (int)Math.Clamp(samples, 0, maxSamples),
                minStep,
                maxStep);
        }
    }

    /// <summary>
    /// True for a <c>history(minStep, maxStep, samples)</c> window the clients' <c>scan_history()</c> pages with
    /// (<c>HistoryPage</c>: samples = maxStep − minStep, max exclusive): every row of it is returned.
    /// </summary>
    public static bool IsScanPage(long? minStep, long? maxStep, int? samples) =>
        minStep is { } min && maxStep is { } max && samples is { } size && size == max - min;

    private static long? Integer(JsonElement spec, string name) =>
        !spec.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? (long)Math.Clamp(number, long.MinValue, long.MaxValue)
            : throw new FormatException($"sampledHistory spec field \"{name}\" must be a number.");
}
