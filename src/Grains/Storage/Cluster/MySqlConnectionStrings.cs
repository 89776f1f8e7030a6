using MySqlConnector;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>Turns the <c>MYSQL</c> setting into a MySqlConnector connection string.</summary>
public static class MySqlConnectionStrings
{
    /// <summary>
    /// Accepts <c>mysql://user:password@host:port/database</c> (user and password URL-escaped, port 3306 when
    /// omitted) or a connection string, and fixes the options every user of the database relies on.
    /// </summary>
    public static string Normalize(string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        var builder = setting.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(setting)
            : new MySqlConnectionStringBuilder(setting);

        builder.CharacterSet = "utf8mb4";
        return builder.ConnectionString;
    }

    /// <summary>A short description without the password, for logs and error messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        return $"{builder.UserID}@{builder.Server}:{builder.Port}/{builder.Database}";
    }

    private static MySqlConnectionStringBuilder FromUrl(string setting)
    {
        if (!Uri.TryCreate(setting, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("MYSQL must look like mysql://user:password@host:port/database.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw new ArgumentException("MYSQL names no database: use mysql://user:password@host:port/database.");
        }

        return new MySqlConnectionStringBuilder
        {
            Server = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 3306u : (uint)uri.Port,
            UserID = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "",
            Database = database,

            // Fail fast when the database is unreachable: callers answer 503 and the clients retry.
            ConnectionTimeout = 5,
        };
    }
}
