namespace Orleans.Wandb.Web.Accounts;

/// <summary>When the admin page warns that the disk is filling up. Section "StorageAlerts".</summary>
public sealed class StorageAlertOptions
{
    public const string SectionName = "StorageAlerts";

    /// <summary>
    /// Warn when the data folder's disk has fewer free bytes than this. Default 5 GiB: hours of heavy logging on a
    /// busy server, time enough to add space. Environment variable <c>STORAGE_WARNING_FREE_BYTES</c>.
    /// </summary>
    public long FreeBytesWarning { get; set; } = 5L * 1024 * 1024 * 1024;
}
