using System.Data.Common;
using MySqlConnector;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// MySQL's spelling of the shared statements: <c>LAST_INSERT_ID()</c>, <c>ON DUPLICATE KEY UPDATE</c>, locking reads
/// (<c>FOR UPDATE</c>), and long keys indexed by their SHA-256 (a utf8mb4 index holds at most 768 characters).
/// Names compare byte-wise (<c>utf8mb4_bin</c>), so case-insensitive matches lower both sides.
/// </summary>
public sealed class MySqlDialect : ISqlDialect
{
    /// <summary>The one instance (the dialect has no state).</summary>
    public static MySqlDialect Instance { get; } = new();

    /// <inheritdoc />
    public string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection) => await connection.BeginTransactionAsync();

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is MySqlException e && MySqlDatabase.IsUniqueViolation(e);

    /// <inheritdoc />
    public string InsertReturningId(string insert) => $"{insert};\nSELECT LAST_INSERT_ID();";

    /// <inheritdoc />
    public string UpdateReturning(string table, string assignments, string where, string column) =>
        $"UPDATE {table} SET {assignments} WHERE {where};\nSELECT {column} FROM {table} WHERE {where};";

    /// <inheritdoc />
    public string IncrementReturningPrevious(string table, string column, string where) =>

        // LAST_INSERT_ID(expr) remembers the value per connection: no second read that another writer could race.
        $"UPDATE {table} SET {column} = LAST_INSERT_ID({column} + 1) WHERE {where};\nSELECT CAST(LAST_INSERT_ID() AS SIGNED) - 1;";

    /// <inheritdoc />
    public string OnConflictDoNothing(string keys) => "ON DUPLICATE KEY UPDATE id = id";

    /// <inheritdoc />
    public string InsertIgnoring(string into, string? keys = null) => $"INSERT IGNORE INTO {into}";

    /// <inheritdoc />
    public string OnConflictUpdate(string keys, string assignments) => $"ON DUPLICATE KEY UPDATE {assignments}";

    /// <inheritdoc />
    public string Incoming(string column) => $"VALUES({column})";

    /// <inheritdoc />
    public string Existing(string table, string column) => column;

    /// <inheritdoc />
    public string LongKeyColumns(string column) => $"{column}_hash, {column}";

    /// <inheritdoc />
    public string LongKeyValues(string parameter) => $"UNHEX(SHA2({parameter}, 256)), {parameter}";

    /// <inheritdoc />
    public string LongKeyEquals(string column, string parameter) => $"{column}_hash = UNHEX(SHA2({parameter}, 256))";

    /// <inheritdoc />
    public string SumOrZero(string expression) => $"CAST(COALESCE(SUM({expression}), 0) AS SIGNED)";

    /// <inheritdoc />
    public string EqualsIgnoringCase(string column, string parameter) => $"LOWER({column}) = LOWER({parameter})";

    /// <inheritdoc />
    public string LikeIgnoringCase(string column, string pattern) => $"LOWER({column}) LIKE LOWER({pattern})";
}
