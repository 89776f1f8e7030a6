using System.Text.Json;
using Orleans.Wandb.Grains.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// Turns a run's config and summary (lenient JSON: NaN tokens allowed) into the dotted paths filters and orders
/// name: <c>config.lr</c> (the wrapped <c>{"value": …}</c> unwrapped; <c>config.lr.value</c> is resolved to it),
/// <c>config.opt.name</c> for nested objects, <c>summary_metrics.acc</c>, <c>summary_metrics.eval.loss</c>.
/// </summary>
internal static class JsonFlattener
{
    private const int MaxDepth = 4;

    public static void Config(string json, Action<string, FieldValue> emit)
    {
        var state = emit;
        LenientJson.VisitMembers(json, ref state, static (ref Action<string, FieldValue> e, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            var key = LenientJson.UnescapeKey(rawKey);
            if (key == "_wandb")
            {
                return;
            }

            var path = "config." + key;
            var text = raw.ToString();
            if (kind == JsonValueKind.Object && Member(text, "value") is { } wrapped)
            {
                // Stored once: config.lr.value is an alias the filter resolves (RunField.PathIdIn), not a second copy.
                Value(path, wrapped.Kind, wrapped.Raw, e, 1);
            }
            else
            {
                Value(path, kind, text, e, 1);
            }
        });
    }

    public static void Summary(string json, Action<string, FieldValue> emit)
    {
        var state = emit;
        LenientJson.VisitMembers(json, ref state, static (ref Action<string, FieldValue> e, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
            Value("summary_metrics." + LenientJson.UnescapeKey(rawKey), kind, raw.ToString(), e, 1));
    }

    private static void Value(string path, JsonValueKind kind, string raw, Action<string, FieldValue> emit, int depth)
    {
        switch (kind)
        {
            case JsonValueKind.Number:
                emit(path, FieldValue.Of(LenientJson.ParseNumber(raw)));
                break;
            case JsonValueKind.String:
                emit(path, FieldValue.Of(LenientJson.UnescapeKey(raw.AsSpan(1, raw.Length - 2))));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                emit(path, FieldValue.Of(kind == JsonValueKind.True));
                break;
            case JsonValueKind.Null:
                emit(path, FieldValue.Null);
                break;
            default:
                emit(path, new FieldValue(FieldKind.Complex, 0, raw));
                if (kind == JsonValueKind.Object && depth < MaxDepth)
                {
                    var state = (Path: path, Emit: emit, Depth: depth);
                    LenientJson.VisitMembers(raw, ref state, static (ref (string Path, Action<string, FieldValue> Emit, int Depth) s, ReadOnlySpan<char> rawKey, JsonValueKind k, ReadOnlySpan<char> r) =>
                        Value(s.Path + "." + LenientJson.UnescapeKey(rawKey), k, r.ToString(), s.Emit, s.Depth + 1));
                }

                break;
        }
    }

    private static (JsonValueKind Kind, string Raw)? Member(string objectText, string name)
    {
        (JsonValueKind, string)? found = null;
        var state = (Name: name, Found: found);
        LenientJson.VisitMembers(objectText, ref state, static (ref (string Name, (JsonValueKind, string)? Found) s, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
        {
            if (s.Found is null && rawKey.SequenceEqual(s.Name))
            {
                s.Found = (kind, raw.ToString());
            }
        });
        return state.Found;
    }
}
