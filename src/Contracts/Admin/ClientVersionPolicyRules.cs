using System.Text.RegularExpressions;

namespace Orleans.Wandb.Contracts.Admin;

/// <summary>What an admin may set as a <see cref="ClientVersionPolicy"/>.</summary>
public static partial class ClientVersionPolicyRules
{
    /// <summary>The oldest client the server is tested with; a lower latest version would switch client features off.</summary>
    public const string OldestTestedVersion = "0.16.6";

    /// <summary>The problem with <paramref name="policy"/>, or null when it may be stored.</summary>
    public static string? Validate(ClientVersionPolicy policy)
    {
        if (Parse(policy.LatestVersion) is not { } latest)
        {
            return $"The latest version must be a release number such as 0.28.2, not \"{Shorten(policy.LatestVersion)}\".";
        }

        if (Parse(policy.MinimumVersion) is not { } minimum)
        {
            return $"The minimum version must be a release number such as 0.16.6, not \"{Shorten(policy.MinimumVersion)}\".";
        }

        if (latest < Parse(OldestTestedVersion)!)
        {
            return $"The latest version must be at least {OldestTestedVersion}: the clients switch features off below it.";
        }

        return minimum > latest ? "The minimum version must not be above the latest version." : null;
    }

    /// <summary>A release number of two to four numeric parts (what <c>packaging.version</c> orders the same way).</summary>
    public static Version? Parse(string? text) =>
        text is { Length: <= 32 } && ReleaseNumber().IsMatch(text) && Version.TryParse(text, out var version) ? version : null;

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 32 ? text : text[..32] + "…";

    [GeneratedRegex(@"^\d{1,6}(\.\d{1,6}){1,3}$")]
    private static partial Regex ReleaseNumber();
}
