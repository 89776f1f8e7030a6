using System.Text.RegularExpressions;

namespace Orleans.Wandb.Web.Scim;

/// <summary>
/// The one form of RFC 7644 filter (section 3.4.2.2) identity providers send to find a resource before creating it:
/// <c>attribute eq "value"</c> (or <c>eq true</c>/<c>eq false</c>). Attribute names compare case-insensitively; which
/// attributes a resource can be filtered on is the endpoint's to say. Anything else is refused with
/// <c>invalidFilter</c> rather than answered wrongly.
/// </summary>
public sealed partial record ScimFilter(string Attribute, string Value)
{
    /// <summary>Longest filter accepted.</summary>
    public const int MaxLength = 512;

    /// <summary>The filter in <paramref name="text"/>, null for none; <see cref="ScimException"/> for one not understood.</summary>
    public static ScimFilter? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > MaxLength)
        {
            throw ScimException.BadRequest("invalidFilter", $"A filter has at most {MaxLength} characters.");
        }

        var match = Comparison().Match(text.Trim());
        if (!match.Success)
        {
            throw ScimException.BadRequest("invalidFilter",
                $"The filter '{text}' is not supported: use attribute eq \"value\" (for example userName eq \"ada\").");
        }

        var value = match.Groups["string"].Success
            ? match.Groups["string"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : match.Groups["literal"].Value.ToLowerInvariant();
        return new ScimFilter(match.Groups["attribute"].Value, value);
    }

    /// <summary>Whether the filter names <paramref name="attribute"/> (case-insensitive, as RFC 7643 attribute names are).</summary>
    public bool Names(string attribute) => string.Equals(Attribute, attribute, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("""^(?<attribute>[A-Za-z][A-Za-z0-9.$_-]*)\s+(?i:eq)\s+(?:"(?<string>(?:[^"\\]|\\.)*)"|(?<literal>(?i:true|false)))$""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Comparison();
}
