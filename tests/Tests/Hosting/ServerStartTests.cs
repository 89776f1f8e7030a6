using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Hosting;

/// <summary>What the real server process says when it starts (issue #21 §3 and §4), as an operator reads it.</summary>
[Trait("Needs", "Process")]
public sealed class ServerStartTests
{
    [Fact]
    public async Task A_start_logs_no_participant_check_stall()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());

        Assert.DoesNotContain("Participant check thread has not completed", server.Output);
    }

    [Fact]
    public async Task A_data_folder_migrated_by_a_newer_build_is_refused_at_start_naming_both_versions()
    {
        using var data = new TempDataDir();
        var apiKey = TestKeys.NewApiKey();
        await using (await ServerProcess.StartAsync(data.Path, apiKey))
        {
        }

        var latest = SqliteSchema.Migrations[^1].Version;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "db", "wandb.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO schema_version (version, applied_at) VALUES ({latest + 1}, 0);";
            await insert.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await RunUntilExitAsync(data.Path, apiKey);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"schema version {latest + 1}, newer than this build knows ({latest})", output);
    }

    private static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string dataDir, string apiKey)
    {
        var info = ServerProcess.StartInfo(FreePorts.Next(), dataDir, apiKey);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("the server started on a database newer than it knows instead of refusing");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
