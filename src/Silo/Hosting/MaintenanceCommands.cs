using Microsoft.Extensions.Options;
using Orleans.Wandb.Grains.History;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>
/// The maintenance commands of the cluster profile, run with the same <c>MYSQL</c> and <c>BUCKET</c> settings as the
/// silos (environment or <c>--MYSQL ... --BUCKET ...</c>):
/// <list type="bullet">
/// <item><c>migrate --from DATA_DIR</c> copies an embedded data folder into the cluster, verifies counts and
/// checksums, and exits 0 only when everything matches. Safe to run again. Stop the embedded server first.</item>
/// <item><c>backup-blobs --to DIR</c> / <c>restore-blobs --from DIR</c> copy the blob container to a folder and
/// back (the MySQL half of a backup is a <c>mysqldump</c> taken just before; see deploy/README.md).</item>
/// </list>
/// </summary>
public static class MaintenanceCommands
{
    /// <summary>True when the command line asks for one of these commands.</summary>
    public static bool IsInvocation(string[] args) => args is ["migrate" or "backup-blobs" or "restore-blobs", ..];

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(WandbSettings.Map(config)).Build();
        var cluster = settings.GetSection(ClusterStorageOptions.SectionName).Get<ClusterStorageOptions>() ?? new ClusterStorageOptions();
        if (!cluster.IsConfigured)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: MYSQL and BUCKET must name the cluster.");
            return 2;
        }

        switch (args[0])
        {
            case "backup-blobs" when config["to"] is { Length: > 0 } to:
                Directory.CreateDirectory(to);
                Console.WriteLine($"backup-blobs: {await new BlobBackup(new BlobContainerFactory(Options.Create(cluster))).ExportAsync(to, CancellationToken.None)} blobs");
                return 0;
            case "restore-blobs" when config["from"] is { Length: > 0 } backup && Directory.Exists(backup):
                Console.WriteLine($"restore-blobs: {await new BlobBackup(new BlobContainerFactory(Options.Create(cluster))).ImportAsync(backup, CancellationToken.None)} blobs, checksums verified");
                return 0;
            case "migrate" when config["from"] is { Length: > 0 } from && Directory.Exists(from):
                return await MigrateAsync(from, cluster, config);
            default:
                await Console.Error.WriteLineAsync("usage: migrate --from DATA_DIR | backup-blobs --to DIR | restore-blobs --from DIR");
                return 2;
        }
    }

    private static async Task<int> MigrateAsync(string from, ClusterStorageOptions cluster, IConfiguration config)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true))
            .AddSingleton(Options.Create(new StorageOptions { DataDir = from }))
            .AddSingleton(Options.Create(cluster))

            // The segments are copied as they are, so their row count must be the one the silos use.
            .AddSingleton(Options.Create(config.GetSection(HistoryOptions.SectionName).Get<HistoryOptions>() ?? new HistoryOptions()))
            .AddSingleton<SqliteDatabase>()
            .AddSingleton<MySqlDatabase>()
            .AddSingleton<BlobContainerFactory>()
            .AddSingleton<EmbeddedMigration>();
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<EmbeddedMigration>().RunAsync(CancellationToken.None);

        foreach (var (table, rows) in report.Rows)
        {
            Console.WriteLine($"{table}: {rows} rows");
        }

        Console.WriteLine(
            $"run logs: {report.RunLogs}, history copied as it is: {report.HistoryRuns} runs ({report.HistoryBlobs} blobs), " +
            $"files: {report.Files}, bytes: {report.Bytes}");
        foreach (var problem in report.Problems)
        {
            await Console.Error.WriteLineAsync("problem: " + problem);
        }

        Console.WriteLine(report.Problems.Count == 0 ? "migrate: verified, counts and checksums match" : "migrate: FAILED verification");
        return report.Problems.Count == 0 ? 0 : 1;
    }
}
