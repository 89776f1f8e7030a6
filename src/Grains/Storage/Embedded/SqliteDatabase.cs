using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// The embedded SQLite database (<c>{DataDir}/db/wandb.db</c>) shared by the metadata store, grain storage
/// and the reminder table: opens pooled connections, applies the migrations once, and turns the errors that
/// mean "the disk or the lock is not available" into <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed partial class SqliteDatabase : ISqlDatabase
{
    private readonly string _connectionString;
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly Lazy<Task> _migrated;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        _logger = logger;
        var dir = Path.Combine(Path.GetFullPath(options.Value.DataDir), "db");
        DatabasePath = Path.Combine(dir, "wandb.db");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,

            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout elapses.
            DefaultTimeout = 30,
        }.ToString();
        _migrated = new Lazy<Task>(() => MigrateAsync(dir), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public ISqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>Applies the migrations (once per process); every open waits for it.</summary>
    public Task EnsureMigratedAsync() => _migrated.Value;

    /// <inheritdoc />
    Task ISqlDatabase.EnsureMigratedAsync(CancellationToken cancellationToken) => EnsureMigratedAsync();

    /// <inheritdoc />
    Task<T> ISqlDatabase.RunAsync<T>(Func<DbConnection, Task<T>> work) => RunAsync<T>(c => work(c));

    /// <inheritdoc />
    Task ISqlDatabase.RunAsync(Func<DbConnection, Task> work) => RunAsync(c => work(c));

    /// <summary>Runs <paramref name="work"/> on an open connection, mapping unavailability to <see cref="StorageUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work)
    {
        await EnsureMigratedAsync();
        try
        {
            await using var connection = await OpenAsync();
            return await work(connection);
        }
        catch (SqliteException e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"The metadata database is not available: {e.Message}", e);
        }
    }

    /// <summary>As <see cref="RunAsync{T}"/>, with no result.</summary>
    public Task RunAsync(Func<SqliteConnection, Task> work) =>
        RunAsync(async connection =>
        {
            await work(connection);
            return true;
        });

    /// <summary>True for a unique-constraint violation (a name that is already taken).</summary>
    public static bool IsUniqueViolation(SqliteException e) =>
        e.SqliteErrorCode == 19 && e.SqliteExtendedErrorCode is 2067 or 1555;

    private static bool IsUnavailable(SqliteException e) =>

        // BUSY, LOCKED, IOERR, CORRUPT, FULL, CANTOPEN, READONLY: the database, not the request, is at fault.
        (e.SqliteErrorCode & 0xFF) is 5 or 6 or 10 or 11 or 13 or 14 or 8;

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();

        // Per connection: wait for a competing writer instead of failing at once.
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;");
        return connection;
    }

    private async Task MigrateAsync(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            await using var connection = await OpenAsync();

            // WAL lets readers run beside the writer; the mode is stored in the file, so once is enough.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL);");

            // BEGIN IMMEDIATE takes the write lock up front, so two processes starting at once apply each
            // migration exactly once: the second waits, then sees the versions the first recorded.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = await connection.ExecuteScalarAsync<long?>(
                "SELECT MAX(version) FROM schema_version;", transaction: transaction) ?? 0;

            // A newer build has migrated this folder: an older build would read and write tables it does not
            // know the shape of. Refuse to start, as the MySQL profile does, naming both versions.
            var latest = SqliteSchema.Migrations[^1].Version;
            if (current > latest)
            {
                throw new InvalidOperationException(
                    $"The database {DatabasePath} is at schema version {current}, newer than this build knows ({latest}): " +
                    "it was written by a newer Orleans.Wandb. Run that build or a newer one; an older build must not open it.");
            }

            foreach (var (version, sql) in SqliteSchema.Migrations)
            {
                if (version <= current)
                {
                    continue;
                }

                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_version (version, applied_at) VALUES (@version, @now);",
                    new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                    transaction);
                LogMigrationApplied(version, DatabasePath);
            }

            await transaction.CommitAsync();
        }
        catch (SqliteException e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"The metadata database could not be opened: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} to {DatabasePath}")]
    private partial void LogMigrationApplied(int version, string databasePath);
}
