using System.Text;
using System.Text.Json;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Grains.History;

/// <summary>
/// Stored value texts turned into standard JSON for answers that embed them as values (<c>sampledHistory</c>,
/// <c>historyKeys</c>): the bare <c>NaN</c>/<c>Infinity</c>/<c>-Infinity</c> tokens become strings, as Python's and
/// Go's clients accept, and dotted keys resolve into nested objects.
/// </summary>
internal static class JsonValues
{
    /// <summary>Writes a stored (lenient) JSON text as a standard JSON value.</summary>
    public static void Write(Utf8JsonWriter writer, string raw)
    {
        if (LenientJson.IsNonStandardNumber(raw))
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
        var inString = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < raw.Length)
                {
                    result.Append(raw[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                result.Append(c);
            }
            else if (Token(raw, i, "-Infinity") || Token(raw, i, "Infinity") || Token(raw, i, "NaN"))
            {
                var token = raw[i] == '-' ? "-Infinity" : raw[i] == 'I' ? "Infinity" : "NaN";
                result.Append('"').Append(token).Append('"');
                i += token.Length - 1;
            }
            else
            {
                result.Append(c);
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
            if (!LenientJson.VisitMembers(current, ref state, static (ref Lookup l, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> value) =>
                {
                    if (l.Found is null && LenientJson.UnescapeKey(rawKey) == l.Key)
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

    private static bool Token(string raw, int at, string token) =>
        string.CompareOrdinal(raw, at, token, 0, token.Length) == 0 && (token[0] != '-' || raw.Length > at + 1);

    private struct Lookup(string key)
    {
        public readonly string Key = key;
        public string? Found;
    }
}
