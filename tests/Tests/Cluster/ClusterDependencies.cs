using System.Diagnostics;
using MySqlConnector;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// A MariaDB and an Azurite on loopback ports of their own, started with the scripts in <c>deploy/local</c>
/// (what users run for a local cluster) and stopped by process id when disposed or when the test process exits.
/// <see cref="Shared"/> serves every test that only needs a database and a container (each gets fresh ones);
/// fault tests that stop a dependency start their own with <see cref="StartAsync"/>.
/// A missing MariaDB or Azurite fails the test with a message saying how to install them; nothing is skipped.
/// </summary>
public sealed class ClusterDependencies : IAsyncDisposable
{
    private static readonly Lazy<Task<ClusterDependencies>> SharedInstance = new(() => StartAsync());

    private ClusterDependencies(string directory, int mySqlPort, int blobPort, string mySql, string bucket)
    {
        Directory = directory;
        MySqlPort = mySqlPort;
        BlobPort = blobPort;
        MySqlUrl = mySql;
        BucketConnectionString = bucket;
    }

    /// <summary>The dependencies all cluster tests share; stopped when the test process exits.</summary>
    public static Task<ClusterDependencies> Shared => SharedInstance.Value;

    public string Directory { get; }
    public int MySqlPort { get; }
    public int BlobPort { get; }

    /// <summary><c>mysql://user:password@127.0.0.1:port/wandb</c> (the default database).</summary>
    public string MySqlUrl { get; }

    /// <summary>The Azure Blob connection string of Azurite's development account.</summary>
    public string BucketConnectionString { get; }

    /// <summary>Starts a MariaDB and an Azurite (persisting to disk, so they can be restarted) under a new folder.</summary>
    public static async Task<ClusterDependencies> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orleans-wandb-cluster", Guid.NewGuid().ToString("n"));
        System.IO.Directory.CreateDirectory(directory);
        var mySqlPort = FreePorts.Next();
        var blobPort = FreePorts.Next();
        var mySql = await RunScriptAsync("start-mariadb.sh", directory, mySqlPort.ToString());
        string bucket;
        try
        {
            bucket = await RunScriptAsync("start-azurite.sh", directory, blobPort.ToString());
        }
        catch
        {
            await RunScriptAsync("stop.sh", directory);
            throw;
        }

        var dependencies = new ClusterDependencies(directory, mySqlPort, blobPort, mySql, bucket);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dependencies.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return dependencies;
    }

    /// <summary>
    /// Settings for a new, empty cluster on these dependencies: its own database, container and cluster id, so
    /// tests never see each other's data.
    /// </summary>
    public async Task<Dictionary<string, string>> NewClusterSettingsAsync()
    {
        var id = Guid.NewGuid().ToString("n")[..12];
        var database = "t_" + id;
        var builder = new MySqlConnectionStringBuilder(ServerConnectionString) { Database = "" };
        await using (var connection = new MySqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;", connection);
            await command.ExecuteNonQueryAsync();
        }

        var url = new UriBuilder(MySqlUrl) { Path = "/" + database };
        return new Dictionary<string, string>
        {
            ["MYSQL"] = url.Uri.ToString(),
            ["BUCKET"] = BucketConnectionString,
            ["BUCKET_CONTAINER"] = "c" + id,
            ["CLUSTER_ID"] = "cluster-" + id,
        };
    }

    /// <summary>A MySqlConnector connection string for the server (the default database).</summary>
    public string ServerConnectionString => Wandb.Grains.Storage.Cluster.MySqlConnectionStrings.Normalize(MySqlUrl);

    /// <summary>Stops MariaDB (by pid), as if the database host went away.</summary>
    public Task StopMySqlAsync() => KillPidFileAsync(Path.Combine(Directory, "mysqld.pid"));

    /// <summary>Starts MariaDB again on the same port and data folder.</summary>
    public Task StartMySqlAsync() => RunScriptAsync("start-mariadb.sh", Directory, MySqlPort.ToString());

    /// <summary>Stops Azurite (by pid), as if the blob service went away.</summary>
    public Task StopBlobAsync() => KillPidFileAsync(Path.Combine(Directory, "azurite.pid"));

    /// <summary>Starts Azurite again on the same port and folder (its blobs persist on disk).</summary>
    public Task StartBlobAsync() => RunScriptAsync("start-azurite.sh", Directory, BlobPort.ToString());

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that just died may still hold a file for a moment; the OS temp cleaner gets it.
        }
    }

    private Task StopAsync() => RunScriptAsync("stop.sh", Directory);

    /// <summary>
    /// SIGTERM, as a host shutting down would (Azurite saves its metadata then), SIGKILL after 30 s; only if the pid
    /// file still names the process the start script started (deploy/local/process.sh: pids are reused quickly).
    /// </summary>
    private static Task KillPidFileAsync(string pidFile) => RunScriptAsync("stop-process.sh", pidFile, "30");

    private static async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        var path = Path.Combine(RepoPaths.Root, "deploy", "local", script);
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // The daemons stop by themselves once this test process is gone, however it ends.
        info.Environment["WATCH_PID"] = Environment.ProcessId.ToString();
        info.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} failed ({process.ExitCode}); the cluster tests need MariaDB (apt-get install mariadb-server mariadb-client) " +
                $"and Azurite (npm ci in deploy/local); scripts/install-test-deps.sh installs both.\n{await output}\n{await error}");
        }

        return (await output).TrimEnd().Split('\n')[^1].Trim();
    }
}
