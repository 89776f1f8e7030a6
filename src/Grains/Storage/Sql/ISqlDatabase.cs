using System.Data.Common;

namespace Orleans.Wandb.Grains.Storage.Sql;

/// <summary>
/// A metadata database the shared SQL stores run on: it opens connections, applies its engine's migrations, and
/// turns "the database is not available" into <see cref="Contracts.Storage.StorageUnavailableException"/> (503).
/// </summary>
public interface ISqlDatabase
{
    /// <summary>How statements are spelled for this engine.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>Applies the pending migrations (once per process); every <see cref="RunAsync{T}"/> waits for it.</summary>
    Task EnsureMigratedAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="work"/> on an open connection, mapping unavailability to a storage failure.</summary>
    Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work);

    /// <summary>As <see cref="RunAsync{T}"/>, with no result.</summary>
    Task RunAsync(Func<DbConnection, Task> work);
}
