using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// The cluster's MySQL database, shared by the metadata store and (through their own connections) Orleans'
/// ADO.NET providers: opens pooled connections, applies the migrations, and turns "the database cannot be
/// reached" into <see cref="StorageUnavailableException"/> so that callers answer 503.
/// </summary>
public sealed partial class MySqlDatabase : ISqlDatabase
{
    // One name per database: MySQL named locks are server-wide, so the schema name is part of it.
    private const string LockPrefix = "orleans-wandb-schema:";

    // How often a unit of work runs when it keeps being chosen as a deadlock victim.
    private const int DeadlockAttempts = 4;
    private readonly ILogger<MySqlDatabase> _logger;
    private readonly SemaphoreSlim _migrating = new(1, 1);
    private volatile bool _migrated;

    public MySqlDatabase(IOptions<ClusterStorageOptions> options, ILogger<MySqlDatabase> logger)
    {
        ConnectionString = MySqlConnectionStrings.Normalize(options.Value.MySql);
        _logger = logger;
    }

    /// <summary>The normalised MySqlConnector connection string (also handed to the Orleans providers).</summary>
    public string ConnectionString { get; }

    /// <inheritdoc />
    public ISqlDialect Dialect => MySqlDialect.Instance;

    /// <inheritdoc />
    Task<T> ISqlDatabase.RunAsync<T>(Func<DbConnection, Task<T>> work) => RunAsync<T>(c => work(c));

    /// <inheritdoc />
    Task ISqlDatabase.RunAsync(Func<DbConnection, Task> work) => RunAsync(c => work(c));

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection, mapping unavailability to <see cref="StorageUnavailableException"/>.
    /// A unit of work chosen as a deadlock victim is run again (InnoDB rolled its transaction back, and concurrent
    /// writers of the same rows, such as two commits of the same artifact content, deadlock in the normal course).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<MySqlConnection, Task<T>> work)
    {
        await EnsureMigratedAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(CancellationToken.None);
                return await work(connection);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.LockDeadlock && attempt < DeadlockAttempts)
            {
                LogDeadlockRetried(attempt);
                await Task.Delay(Random.Shared.Next(5, 25 * attempt));
            }
            catch (Exception e) when (IsUnavailable(e))
            {
                throw new StorageUnavailableException($"The metadata database is not available: {e.Message}", e);
            }
        }
    }

    /// <summary>As <see cref="RunAsync{T}"/>, with no result.</summary>
    public Task RunAsync(Func<MySqlConnection, Task> work) =>
        RunAsync(async connection =>
        {
            await work(connection);
            return true;
        });

    /// <summary>True for a unique-key violation (a name that is already taken).</summary>
    public static bool IsUniqueViolation(MySqlException e) => e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry;

    /// <summary>
    /// True when the failure is the database's, not the statement's: it cannot be reached, timed out, went away,
    /// is read-only or out of space, or a deadlock/lock wait aborted the statement. Retrying later can succeed.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        MySqlException m => m.IsTransient || m.ErrorCode is MySqlErrorCode.UnableToConnectToHost
            or MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout
            or MySqlErrorCode.OptionPreventsStatement or MySqlErrorCode.RecordFileFull or MySqlErrorCode.DiskFull
            or MySqlErrorCode.ConnectionCountError or MySqlErrorCode.ServerShutdown or MySqlErrorCode.QueryInterrupted
            || m.InnerException is SocketException or IOException or EndOfStreamException,
        SocketException or IOException or TimeoutException or EndOfStreamException => true,
        InvalidOperationException when e.InnerException is not null => IsUnavailable(e.InnerException),
        _ => false,
    };

    /// <summary>
    /// Applies the pending migrations. Several silos may start at once: each takes the same MySQL named lock, so
    /// one applies the steps while the others wait and then find nothing left to do. A step records its version
    /// only after all its statements succeeded; one interrupted halfway runs again (its statements are idempotent).
    /// </summary>
    public async Task EnsureMigratedAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return;
        }

        await _migrating.WaitAsync(cancellationToken);
        try
        {
            if (_migrated)
            {
                return;
            }

            await MigrateAsync(cancellationToken);
            _migrated = true;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"The metadata database could not be migrated: {e.Message}", e);
        }
        finally
        {
            _migrating.Release();
        }
    }

    /// <summary>The highest applied migration, or 0 for an empty database.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'wandb_schema_version';");
        return exists == 0 ? 0 : await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM wandb_schema_version;") ?? 0;
    }

    /// <summary>An open connection (no migration check; for the migration itself, backups and health probes).</summary>
    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Some steps keep a value in a session variable (@name), which MySqlConnector allows only when asked to.
        await using var connection = new MySqlConnection(
            new MySqlConnectionStringBuilder(ConnectionString) { AllowUserVariables = true }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var lockName = LockName(connection.Database);

        // Waits up to 5 minutes for another silo's migration; a lock holder that dies releases it with its session.
        var locked = await connection.ExecuteScalarAsync<long?>("SELECT GET_LOCK(@lockName, 300);", new { lockName });
        if (locked != 1)
        {
            throw new TimeoutException("Another process held the schema migration lock for more than 5 minutes.");
        }

        try
        {
            await connection.ExecuteAsync(
                $"""
                CREATE TABLE IF NOT EXISTS wandb_schema_version (
                    version INT NOT NULL PRIMARY KEY,
                    name VARCHAR(200) NOT NULL,
                    applied_at BIGINT NOT NULL
                ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
                """);
            var applied = (await connection.QueryAsync<int>("SELECT version FROM wandb_schema_version;")).ToHashSet();
            var latest = MySqlSchema.Migrations[^1].Version;
            if (applied.Count > 0 && applied.Max() > latest)
            {
                throw new InvalidOperationException(
                    $"The database is at schema version {applied.Max()}, newer than this build knows ({latest}); run a newer build.");
            }

            // Every step not recorded yet, in order: also one that an earlier start was interrupted in.
            foreach (var migration in MySqlSchema.Migrations.Where(m => !applied.Contains(m.Version)))
            {
                foreach (var statement in migration.Statements)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await connection.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
                }

                await connection.ExecuteAsync(
                    "INSERT INTO wandb_schema_version (version, name, applied_at) VALUES (@Version, @Name, @at);",
                    new { migration.Version, migration.Name, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                LogMigrationApplied(migration.Version, migration.Name, MySqlConnectionStrings.Describe(ConnectionString));
            }
        }
        finally
        {
            await connection.ExecuteAsync("DO RELEASE_LOCK(@lockName);", new { lockName });
        }
    }

    // MySQL refuses lock names over 64 characters (MariaDB does not): a long database name is replaced by its hash.
    private static string LockName(string database) =>
        LockPrefix.Length + database.Length <= 64
            ? LockPrefix + database
            : LockPrefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..40];

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name}) to {Database}")]
    private partial void LogMigrationApplied(int version, string name, string database);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A metadata statement was chosen as a deadlock victim (attempt {Attempt}); running it again")]
    private partial void LogDeadlockRetried(int attempt);
}
