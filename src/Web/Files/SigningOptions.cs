namespace Orleans.Wandb.Web.Files;

/// <summary>The key and lifetimes of the server's signed upload and download URLs. Bound from the "Signing" section.</summary>
public sealed class SigningOptions
{
    public const string SectionName = "Signing";

    /// <summary>
    /// Base64 HMAC key shared by every silo. Empty: the host generates one and keeps it in the data folder.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// How long an upload URL stays valid. The clients ask for upload URLs right before they upload and again for each
    /// retry batch, and a PUT that has started finishes whatever this is; default 15 minutes.
    /// </summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a download URL stays valid (at most an hour is accepted); default 1 hour.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromHours(1);
}
