using System.Text;
using System.Text.Json;

namespace Orleans.Wandb.Grains.Json;

/// <summary>Merges JSON objects by top-level key, keeping the raw value text (NaN and infinities included).</summary>
internal static class JsonObjectMerge
{
    /// <summary>
    /// <paramref name="stored"/> with each top-level member of <paramref name="update"/> set: existing keys keep their
    /// place, new ones follow. Both are validated JSON objects.
    /// </summary>
    public static string Merge(string stored, string update) => Merge(stored, [update]);

    /// <summary>
    /// <paramref name="stored"/> with the top-level members of each of <paramref name="updates"/> set in turn (the
    /// last value of a key wins), serialised once.
    /// </summary>
    public static string Merge(string stored, IEnumerable<string> updates)
    {
        var members = new List<(string Key, string RawKey, string RawValue)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var state = (members, index);
        LenientJson.VisitMembers(stored, ref state, Collect);
        var length = stored.Length;
        foreach (var update in updates)
        {
            LenientJson.VisitMembers(update, ref state, Collect);
            length += update.Length;
        }

        var merged = new StringBuilder(Math.Min(length, 1 << 20)).Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            merged.Append(i == 0 ? "\"" : ", \"").Append(members[i].RawKey).Append("\": ").Append(members[i].RawValue);
        }

        return merged.Append('}').ToString();
    }

    /// <summary><paramref name="stored"/> without the members whose raw key text is in <paramref name="rawKeys"/>.</summary>
    public static string Without(string stored, IReadOnlySet<string> rawKeys)
    {
        var members = new List<(string RawKey, string RawValue)>();
        var state = (members, rawKeys);
        LenientJson.VisitMembers(stored, ref state, static (ref (List<(string RawKey, string RawValue)> Members, IReadOnlySet<string> Drop) s, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> rawValue) =>
        {
            var key = rawKey.ToString();
            if (!s.Drop.Contains(key))
            {
                s.Members.Add((key, rawValue.ToString()));
            }
        });

        var kept = new StringBuilder(stored.Length).Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            kept.Append(i == 0 ? "\"" : ", \"").Append(members[i].RawKey).Append("\": ").Append(members[i].RawValue);
        }

        return kept.Append('}').ToString();
    }

    private static void Collect(
        ref (List<(string Key, string RawKey, string RawValue)> Members, Dictionary<string, int> Index) state,
        ReadOnlySpan<char> rawKey,
        JsonValueKind kind,
        ReadOnlySpan<char> rawValue)
    {
        var key = LenientJson.UnescapeKey(rawKey);
        var member = (key, rawKey.ToString(), rawValue.ToString());
        if (state.Index.TryGetValue(key, out var at))
        {
            state.Members[at] = member;
        }
        else
        {
            state.Index[key] = state.Members.Count;
            state.Members.Add(member);
        }
    }
}
