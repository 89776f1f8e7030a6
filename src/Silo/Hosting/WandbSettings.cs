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
        ("STORAGE_WARNING_FREE_BYTES", "StorageAlerts:FreeBytesWarning"),
    ];

    /// <summary>Applies the mapping, the listening port and the signing key to the builder's configuration.</summary>
    public static WebApplicationBuilder AddWandbSettings(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var mapped = new Dictionary<string, string?>();
        foreach (var (setting, section) in Mappings)
        {
            if (!string.IsNullOrWhiteSpace(config[setting]))
            {
                mapped[section] = config[setting];
            }
        }

        var dataDir = Path.GetFullPath(mapped.GetValueOrDefault("Storage:DataDir") ?? config["Storage:DataDir"] ?? DefaultDataDir);
        mapped["Storage:DataDir"] = dataDir;
        if (string.IsNullOrWhiteSpace(mapped.GetValueOrDefault("Signing:Key") ?? config["Signing:Key"]))
        {
            mapped["Signing:Key"] = LoadOrCreateKey(dataDir, "signing.key");
        }

        if (string.IsNullOrWhiteSpace(mapped.GetValueOrDefault("Session:SigningKey") ?? config["Session:SigningKey"]))
        {
            mapped["Session:SigningKey"] = LoadOrCreateKey(dataDir, "session.key");
        }

        config.AddInMemoryCollection(mapped);

        if (!builder.Environment.IsEnvironment("Testing"))
        {
            var port = ReadPort(config, "PORT", DefaultPort);
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        return builder;
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
