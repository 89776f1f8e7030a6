using Dapper;
using Microsoft.Data.Sqlite;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Grains.Storage.Sql;

namespace Orleans.Wandb.Tests.Storage;

/// <summary>The metadata specification on the embedded SQLite database, and its migrations.</summary>
public sealed class SqliteMetadataStoreTests : MetadataStoreTests, IDisposable
{
    private readonly StorageFolder _dir = new();
    private readonly SqliteDatabase _database;
    private readonly SqlMetadataStore _store;

    public SqliteMetadataStoreTests()
    {
        _database = _dir.NewDatabase();
        _store = new SqlMetadataStore(_database);
    }

    protected override IMetadataStore Store => _store;

    protected override async Task<IReadOnlyList<string>> StoredKeyColumnsAsync() =>
        (await _database.RunAsync(c => c.QueryAsync<string>("SELECT key_hash || masked FROM api_keys;"))).ToList();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Migrations_apply_once_and_are_recorded()
    {
        await _store.InitializeAsync();
        await new SqlMetadataStore(_dir.NewDatabase()).InitializeAsync();

        var versions = await _database.RunAsync(c => c.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(SqliteSchema.Migrations.Select(m => (long)m.Version), versions);
        var mode = await _database.RunAsync(c => c.ExecuteScalarAsync<string>("PRAGMA journal_mode;"));
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_naming_both_versions()
    {
        await _store.InitializeAsync();
        var latest = SqliteSchema.Migrations[^1].Version;
        await _database.RunAsync(c => c.ExecuteAsync(
            "INSERT INTO schema_version (version, applied_at) VALUES (@version, 0);", new { version = latest + 1 }));

        var olderBuild = new SqlMetadataStore(_dir.NewDatabase());

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => olderBuild.InitializeAsync());
        Assert.Contains($"schema version {latest + 1}", refusal.Message);
        Assert.Contains($"({latest})", refusal.Message);
    }
}
