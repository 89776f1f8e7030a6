using Microsoft.Extensions.Options;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Silo.Hosting;

/// <summary>
/// <c>migrate --from DATA_DIR</c>: copies an embedded data folder into the cluster named by <c>MYSQL</c> and
/// <c>BUCKET</c> (environment or <c>--MYSQL ... --BUCKET ...</c>), verifies counts and checksums, and exits 0 only
/// when everything matches. Safe to run again. Stop the embedded server first.
/// </summary>
public static class MigrateCommand
{
    /// <summary>True when the command line asks for this command.</summary>
    public static bool IsInvocation(string[] args) => args is ["migrate", ..];

    /// <summary>Runs the migration; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        if (config["from"] is not { Length: > 0 } from || !Directory.Exists(from))
        {
            await Console.Error.WriteLineAsync("usage: migrate --from DATA_DIR   (with MYSQL and BUCKET set); DATA_DIR must exist");
            return 2;
        }

        var settings = new ConfigurationBuilder().AddInMemoryCollection(WandbSettings.Map(config)).Build();
        var cluster = settings.GetSection(ClusterStorageOptions.SectionName).Get<ClusterStorageOptions>() ?? new ClusterStorageOptions();
        if (!cluster.IsConfigured)
        {
            await Console.Error.WriteLineAsync("migrate: MYSQL and BUCKET must name the cluster to copy into.");
            return 2;
        }

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true))
            .AddSingleton(Options.Create(new StorageOptions { DataDir = from }))
            .AddSingleton(Options.Create(cluster))
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

        Console.WriteLine($"run logs: {report.RunLogs}, files: {report.Files}, bytes: {report.Bytes}");
        foreach (var problem in report.Problems)
        {
            await Console.Error.WriteLineAsync("problem: " + problem);
        }

        Console.WriteLine(report.Problems.Count == 0 ? "migrate: verified, counts and checksums match" : "migrate: FAILED verification");
        return report.Problems.Count == 0 ? 0 : 1;
    }
}
