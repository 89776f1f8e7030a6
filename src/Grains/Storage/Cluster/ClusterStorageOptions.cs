namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Where the cluster profile keeps its data. Bound from the "Cluster" section; the settings users of W&amp;B Local
/// know (<c>MYSQL</c>, <c>BUCKET</c>, <c>CLUSTER_ID</c>) map onto it in the host.
/// </summary>
public sealed class ClusterStorageOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Cluster";

    /// <summary>
    /// The MySQL database: W&amp;B Local's <c>mysql://user:password@host:port/database</c> or a MySqlConnector
    /// connection string. Metadata, grain state, reminders and cluster membership live there.
    /// </summary>
    public string MySql { get; set; } = "";

    /// <summary>
    /// The blob container: an Azure Blob connection string (container from <see cref="Container"/>), or a container
    /// URL such as <c>http://127.0.0.1:10000/devstoreaccount1/wandb</c> or <c>az://account/container</c>
    /// (account key from <see cref="AccountKey"/>). Run files, run logs and artifacts live there.
    /// </summary>
    public string Bucket { get; set; } = "";

    /// <summary>The container when <see cref="Bucket"/> is a connection string. Default <c>wandb</c>.</summary>
    public string Container { get; set; } = "wandb";

    /// <summary>
    /// The storage account key when <see cref="Bucket"/> is a URL (environment <c>AZURE_STORAGE_KEY</c>); it signs
    /// the SAS URLs handed to clients. Not needed for Azurite's development account.
    /// </summary>
    public string? AccountKey { get; set; }

    /// <summary>
    /// Where clients reach the blob service when that differs from where silos reach it (environment
    /// <c>BUCKET_PUBLIC_URL</c>), e.g. <c>http://localhost:8080</c> when a proxy forwards <c>/devstoreaccount1/</c> to
    /// Azurite inside docker compose. SAS URLs are handed out with this scheme, host and port (the signature does not
    /// cover the host). Empty: the service URL itself.
    /// </summary>
    public string? PublicBlobEndpoint { get; set; }

    /// <summary>Silos with the same cluster id form one cluster. Default <c>wandb</c>.</summary>
    public string ClusterId { get; set; } = "wandb";

    /// <summary>
    /// Identifies the deployment's durable data (grain state, reminders) across cluster ids; keep it stable.
    /// Default <c>orleans-wandb</c>.
    /// </summary>
    public string ServiceId { get; set; } = "orleans-wandb";

    /// <summary>
    /// How long a handed-out upload SAS URL stays valid; default 15 minutes. A SAS cannot be revoked one by one, so this
    /// is how long a user who loses access may still write with a URL handed out before.
    /// </summary>
    public TimeSpan UploadSasLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a handed-out download SAS URL stays valid (and readable after access is lost); default 1 hour.</summary>
    public TimeSpan DownloadSasLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>True when both <see cref="MySql"/> and <see cref="Bucket"/> are set: the cluster profile is in use.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(MySql) && !string.IsNullOrWhiteSpace(Bucket);
}
