using System.Text.RegularExpressions;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// Rules for alias names. Version aliases (<c>v3</c>) are derived from the version index, never stored, so a
/// version always lists exactly one; clients must not set them.
/// </summary>
internal static partial class ArtifactAliases
{
    /// <summary>The alias that follows the newest commit of a collection.</summary>
    public const string Latest = "latest";

    /// <summary>Longest accepted alias.</summary>
    public const int MaxLength = 128;

    /// <summary>True for <c>v</c> followed by digits.</summary>
    public static bool IsVersionAlias(string alias) => VersionAlias().IsMatch(alias);

    /// <summary>Distinct, non-empty aliases; throws <see cref="ArgumentException"/> for a version alias or a bad name.</summary>
    public static IReadOnlyList<string> Validate(IEnumerable<string> aliases)
    {
        var result = new List<string>();
        foreach (var alias in aliases)
        {
            if (string.IsNullOrWhiteSpace(alias) || alias.Length > MaxLength || alias.Contains('/') || alias.Contains(':'))
            {
                throw new ArgumentException($"Invalid alias '{alias}': use 1-{MaxLength} characters without '/' or ':'.");
            }

            if (IsVersionAlias(alias))
            {
                throw new ArgumentException($"'{alias}' is a version alias; the server assigns those at commit.");
            }

            if (!result.Contains(alias, StringComparer.Ordinal))
            {
                result.Add(alias);
            }
        }

        return result;
    }

    [GeneratedRegex("^v[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionAlias();
}
