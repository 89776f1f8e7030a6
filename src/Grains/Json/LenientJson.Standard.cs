using System.Text;
using System.Text.Json;

namespace Orleans.Wandb.Grains.Json;

/// <summary>
/// Stored (lenient) value texts turned into standard JSON for answers that embed them as values
/// (<c>sampledHistory</c>, <c>historyKeys</c>, the <c>_wandb</c> config): the bare <c>NaN</c>/<c>Infinity</c>/
/// <c>-Infinity</c> tokens become strings, as Python's and Go's clients accept, and dotted keys resolve into nested
/// objects. Strings are skipped with the same scanner that validated the text on ingest.
/// </summary>
internal static partial class LenientJson
{
    /// <summary>Writes a stored (lenient) JSON text as a standard JSON value.</summary>
    public static void WriteStandard(Utf8JsonWriter writer, string raw)
    {
        if (IsNonStandardNumber(raw))
        {
            writer.WriteStringValue(raw);
            return;
        }

        writer.WriteRawValue(Standardize(raw), skipInputValidation: false);
    }

    /// <summary>The text with every bare NaN/Infinity token outside strings quoted.</summary>
    public static string Standardize(string raw)
    {
        if (raw.IndexOfAny(['N', 'I']) < 0)
        {
            return raw;
        }

        var result = new StringBuilder(raw.Length + 8);
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c == '"')
            {
                var scanner = new Scanner(raw.AsSpan(i));
                var end = scanner.SkipString() ? i + scanner.Position : raw.Length;
                result.Append(raw, i, end - i);
                i = end;
            }
            else if (NonStandardTokenAt(raw, i) is { } token)
            {
                result.Append('"').Append(token).Append('"');
                i += token.Length;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>Follows <paramref name="path"/> into an object's JSON text; the nested value's text, or null.</summary>
    public static string? Resolve(string raw, ReadOnlySpan<string> path)
    {
        var current = raw;
        foreach (var part in path)
        {
            var state = new Lookup(part);
            if (!VisitMembers(current, ref state, static (ref Lookup l, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> value) =>
                {
                    if (l.Found is null && UnescapeKey(rawKey) == l.Key)
                    {
                        l.Found = value.ToString();
                    }
                }) || state.Found is null)
            {
                return null;
            }

            current = state.Found;
        }

        return current;
    }

    private static string? NonStandardTokenAt(string raw, int at)
    {
        var rest = raw.AsSpan(at);
        return rest.StartsWith("-Infinity") ? "-Infinity"
            : rest.StartsWith("Infinity") ? "Infinity"
            : rest.StartsWith("NaN") ? "NaN"
            : null;
    }

    private struct Lookup(string key)
    {
        public readonly string Key = key;
        public string? Found;
    }
}
