using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>SQLite's spelling of the shared statements (<c>RETURNING</c>, <c>ON CONFLICT</c>, <c>BEGIN IMMEDIATE</c>).</summary>
public sealed class SqliteDialect : ISqlDialect
{
    /// <summary>The one instance (the dialect has no state).</summary>
    public static SqliteDialect Instance { get; } = new();

    /// <inheritdoc />
    public string ForUpdate => "";

    /// <inheritdoc />
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection) =>

        // The write lock up front: a later upgrade from a read lock could fail with SQLITE_BUSY mid-transaction.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException e && SqliteDatabase.IsUniqueViolation(e);

    /// <inheritdoc />
    public string InsertReturningId(string insert) => $"{insert} RETURNING id;";

    /// <inheritdoc />
    public string UpdateReturning(string table, string assignments, string where, string column) =>
        $"UPDATE {table} SET {assignments} WHERE {where} RETURNING {column};";

    /// <inheritdoc />
    public string IncrementReturningPrevious(string table, string column, string where) =>
        $"UPDATE {table} SET {column} = {column} + 1 WHERE {where} RETURNING {column} - 1;";

    /// <inheritdoc />
    public string OnConflictDoNothing(string keys) => $"ON CONFLICT ({keys}) DO NOTHING";

    /// <inheritdoc />
    public string InsertIgnoring(string into, string? keys = null) =>
        keys is null ? $"INSERT INTO {into} ON CONFLICT DO NOTHING" : $"INSERT INTO {into} ON CONFLICT ({keys}) DO NOTHING";

    /// <inheritdoc />
    public string OnConflictUpdate(string keys, string assignments) => $"ON CONFLICT ({keys}) DO UPDATE SET {assignments}";

    /// <inheritdoc />
    public string Incoming(string column) => $"excluded.{column}";

    /// <inheritdoc />
    public string Existing(string table, string column) => $"{table}.{column}";

    /// <inheritdoc />
    public string LongKeyColumns(string column) => column;

    /// <inheritdoc />
    public string LongKeyValues(string parameter) => parameter;

    /// <inheritdoc />
    public string LongKeyEquals(string column, string parameter) => $"{column} = {parameter}";

    /// <inheritdoc />
    public string SumOrZero(string expression) => $"COALESCE(SUM({expression}), 0)";

    /// <inheritdoc />
    public string EqualsIgnoringCase(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

    /// <inheritdoc />
    public string LikeIgnoringCase(string column, string pattern) => $"{column} LIKE {pattern}";
}
