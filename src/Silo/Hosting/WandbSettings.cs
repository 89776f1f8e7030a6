using System.Security.Cryptography;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>
/// Maps the settings W&amp;B Local users know (environment variables or <c>--NAME value</c> options:
/// <c>PORT</c>, <c>HOST</c>, <c>DATA_DIR</c>, <c>ADMIN_*</c>, ...) onto the options sections of the code,
/// in this one place.
/// </summary>
public static class WandbSettings
{
    /// <summary>Default HTTP port, as W&amp;B Local.</summary>
    public const int DefaultPort = 8080;

    /// <summary>Default data folder, as W&amp;B Local's <c>/vol</c> volume, relative to the working directory.</summary>
    public const string DefaultDataDir = "./vol";

    /// <summary>The HTTP port.</summary>
    public const string Port = "PORT";

    /// <summary>The Orleans silo-to-silo port.</summary>
    public const string SiloPort = "SILO_PORT";

    /// <summary>The Orleans gateway port.</summary>
    public const string GatewayPort = "GATEWAY_PORT";

    /// <summary>How other silos reach this one (cluster profile): an address, <c>auto</c>, or unset for loopback.</summary>
    public const string AdvertisedIp = "ADVERTISED_IP";

    private static readonly (string Setting, string Section)[] Mappings =
    [
        ("HOST", "Server:Host"),
        ("DATA_DIR", "Storage:DataDir"),
        ("ADMIN_EMAIL", "Admin:Email"),
        ("ADMIN_USERNAME", "Admin:Username"),
        ("ADMIN_PASSWORD", "Admin:Password"),
        ("ADMIN_API_KEY", "Admin:ApiKey"),
        ("RUN_HEARTBEAT_TIMEOUT", "Runs:HeartbeatTimeout"),
        ("SIGNING_KEY", "Signing:Key"),
        ("SESSION_KEY", "Session:SigningKey"),
        ("PUBLIC_ID_KEY", "PublicIds:Key"),
        ("STORAGE_WARNING_FREE_BYTES", "StorageAlerts:FreeBytesWarning"),
        ("METRICS_TOKEN", "Metrics:ScrapeToken"),
        ("MYSQL", "Cluster:MySql"),
        ("BUCKET", "Cluster:Bucket"),
        ("BUCKET_CONTAINER", "Cluster:Container"),
        ("AZURE_STORAGE_KEY", "Cluster:AccountKey"),
        ("BUCKET_PUBLIC_URL", "Cluster:PublicBlobEndpoint"),
        ("CLUSTER_ID", "Cluster:ClusterId"),
        ("SERVICE_ID", "Cluster:ServiceId"),
    ];

    /// <summary>Every setting the server reads: the mapped ones, the ports and <see cref="AdvertisedIp"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Mappings.Select(m => m.Setting), Port, SiloPort, GatewayPort, AdvertisedIp];

    /// <summary>Applies the mapping, the listening port and the signing key to the builder's configuration.</summary>
    public static WebApplicationBuilder AddWandbSettings(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var mapped = Map(config);

        var dataDir = Path.GetFullPath(mapped.GetValueOrDefault("Storage:DataDir") ?? config["Storage:DataDir"] ?? DefaultDataDir);
        mapped["Storage:DataDir"] = dataDir;
        if (string.IsNullOrWhiteSpace(mapped.GetValueOrDefault("Signing:Key") ?? config["Signing:Key"]))
        {
            mapped["Signing:Key"] = ClusterHosting.IsCluster(config, mapped)
                ? ClusterHosting.DeriveKey(config, mapped, "signing")
                : LoadOrCreateKey(dataDir, "signing.key");
        }

        if (string.IsNullOrWhiteSpace(mapped.GetValueOrDefault("Session:SigningKey") ?? config["Session:SigningKey"]))
        {
            mapped["Session:SigningKey"] = ClusterHosting.IsCluster(config, mapped)
                ? ClusterHosting.DeriveKey(config, mapped, "session")
                : LoadOrCreateKey(dataDir, "session.key");
        }

        if (string.IsNullOrWhiteSpace(mapped.GetValueOrDefault("PublicIds:Key") ?? config["PublicIds:Key"]))
        {
            // The key of the public ids (RelayIds): ids handed out before a restart, and by any silo, must stay valid.
            mapped["PublicIds:Key"] = ClusterHosting.IsCluster(config, mapped)
                ? ClusterHosting.DeriveKey(config, mapped, "public ids")
                : LoadOrCreateKey(dataDir, "ids.key");
        }

        config.AddInMemoryCollection(mapped);

        // An explicit binding (--urls, ASPNETCORE_URLS: ASP.NET Core's "urls" setting) wins, so a server started on
        // http://127.0.0.1:PORT listens on loopback only; PORT alone means every interface, as W&B Local does.
        if (!builder.Environment.IsEnvironment("Testing") && string.IsNullOrWhiteSpace(config["urls"]))
        {
            var port = ReadPort(config, Port, DefaultPort);
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        return builder;
    }

    /// <summary>The options-section values of the W&amp;B Local settings present in <paramref name="config"/>.</summary>
    public static Dictionary<string, string?> Map(IConfiguration config)
    {
        var mapped = new Dictionary<string, string?>();
        foreach (var (setting, section) in Mappings)
        {
            if (!string.IsNullOrWhiteSpace(config[setting]))
            {
                mapped[section] = config[setting];
            }
        }

        return mapped;
    }

    /// <summary>An integer setting such as <c>PORT</c>, with a clear error when it is not a port number.</summary>
    public static int ReadPort(IConfiguration config, string name, int fallback)
    {
        var raw = config[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        return int.TryParse(raw, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{name} must be a port number (0-65535), not '{raw}'.");
    }

    /// <summary>
    /// The HMAC keys for signed URLs and login sessions live in the data folder, so URLs handed out and people
    /// logged in before a restart stay valid.
    /// </summary>
    private static string LoadOrCreateKey(string dataDir, string fileName)
    {
        var path = Path.Combine(dataDir, "config", fileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var temp = path + ".tmp";
        File.WriteAllText(temp, key);
        File.Move(temp, path, overwrite: false);
        return key;
    }
}
