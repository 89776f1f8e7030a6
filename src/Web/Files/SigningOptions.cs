namespace Orleans.Wandb.Web.Files;

/// <summary>The key and lifetime of signed upload and download URLs. Bound from the "Signing" section.</summary>
public sealed class SigningOptions
{
    public const string SectionName = "Signing";

    /// <summary>
    /// Base64 HMAC key shared by every silo. Empty: the host generates one and keeps it in the data folder.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>How long a handed-out URL stays valid. Python clients retry uploads for days; default 7 days.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromDays(7);
}
