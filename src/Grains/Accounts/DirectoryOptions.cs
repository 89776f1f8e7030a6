namespace Orleans.Wandb.Grains.Accounts;

/// <summary>How the directory caches answers and learns about changes made on other silos.</summary>
public sealed class DirectoryOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Directory";

    /// <summary>
    /// How often each silo reads the cluster's directory version (<see cref="DirectoryVersionWatcher"/>); a change made
    /// on another silo takes effect here within about this long. Default 250 ms.
    /// </summary>
    public TimeSpan VersionPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
