using System.Data.Common;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary>
/// What differs between the engines under the shared stores (<see cref="SqlMetadataStore"/>,
/// <see cref="SqlArtifactStore"/>): how an insert reports its id, how conflicts are ignored or merged, how a write
/// transaction locks, how long keys are indexed, and which errors mean "already taken". Parameters are <c>@name</c>
/// on every engine; times are epoch milliseconds and lists JSON text everywhere.
/// </summary>
public interface ISqlDialect
{
    /// <summary>Begins a transaction that holds the write lock on what it reads (SQLite: <c>BEGIN IMMEDIATE</c>).</summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection);

    /// <summary>Appended to a <c>SELECT</c> inside <see cref="BeginWriteAsync"/> that must lock the rows it reads.</summary>
    string ForUpdate { get; }

    /// <summary>True for a unique-key violation (a name that is already taken).</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>An <c>INSERT … VALUES (…)</c> (no semicolon) followed by what returns the new row's id.</summary>
    string InsertReturningId(string insert);

    /// <summary>
    /// An <c>UPDATE {table} SET {assignments} WHERE {where}</c> that returns <paramref name="column"/> of the
    /// updated row.
    /// </summary>
    string UpdateReturning(string table, string assignments, string where, string column);

    /// <summary>Adds one to <paramref name="column"/> of the row <paramref name="where"/> names and returns its value before.</summary>
    string IncrementReturningPrevious(string table, string column, string where);

    /// <summary>Ends an <c>INSERT</c> into a table with an <c>id</c> so that a row clashing on <paramref name="keys"/> is left as it is.</summary>
    string OnConflictDoNothing(string keys);

    /// <summary>
    /// <c>INSERT INTO {into}</c> that silently skips rows already present; <paramref name="into"/> is the rest of the
    /// statement (table, columns, <c>VALUES</c> or <c>SELECT</c>), <paramref name="keys"/> the unique key to skip on.
    /// </summary>
    string InsertIgnoring(string into, string? keys = null);

    /// <summary>Ends an <c>INSERT</c> so that a row clashing on <paramref name="keys"/> gets <paramref name="assignments"/>.</summary>
    string OnConflictUpdate(string keys, string assignments);

    /// <summary>In <see cref="OnConflictUpdate"/>'s assignments: the value the insert proposed for <paramref name="column"/>.</summary>
    string Incoming(string column);

    /// <summary>In <see cref="OnConflictUpdate"/>'s assignments: the stored row's <paramref name="column"/>.</summary>
    string Existing(string table, string column);

    /// <summary>
    /// The column list for a key that may be too long to index (run file names, artifact paths): MySQL indexes its
    /// SHA-256 in <c>{column}_hash</c> beside it.
    /// </summary>
    string LongKeyColumns(string column);

    /// <summary>The values for <see cref="LongKeyColumns"/>, from <paramref name="parameter"/>.</summary>
    string LongKeyValues(string parameter);

    /// <summary>A condition matching a long key by its index.</summary>
    string LongKeyEquals(string column, string parameter);

    /// <summary><c>SUM(expression)</c> as a 64-bit integer, 0 when there are no rows.</summary>
    string SumOrZero(string expression);

    /// <summary>A case-insensitive equality.</summary>
    string EqualsIgnoringCase(string column, string parameter);

    /// <summary>A case-insensitive <c>LIKE</c>.</summary>
    string LikeIgnoringCase(string column, string pattern);
}
