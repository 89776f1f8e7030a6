using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Grains.Storage.Sql;
using Orleans.Wandb.Tests.Storage;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The metadata specification on MySQL (MariaDB), and the migrations several silos run at once.</summary>
[Trait("Needs", "Cluster")]
public sealed class MySqlMetadataStoreTests : MetadataStoreTests, IAsyncLifetime
{
    private Dictionary<string, string> _settings = [];
    private MySqlDatabase _database = null!;
    private SqlMetadataStore _store = null!;

    protected override IMetadataStore Store => _store;

    public async Task InitializeAsync()
    {
        _settings = await (await ClusterDependencies.Shared).NewClusterSettingsAsync();
        _database = NewDatabase();
        _store = new SqlMetadataStore(_database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override async Task<IReadOnlyList<string>> StoredKeyColumnsAsync() =>
        (await _database.RunAsync(c => c.QueryAsync<string>("SELECT CONCAT(key_hash, masked) FROM api_keys;"))).ToList();

    [Fact]
    public async Task Silos_starting_together_apply_each_migration_exactly_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => NewDatabase().EnsureMigratedAsync()));

        var versions = await _database.RunAsync(c => c.QueryAsync<int>("SELECT version FROM wandb_schema_version ORDER BY version;"));
        Assert.Equal(MySqlSchema.Migrations.Select(m => m.Version), versions);
        var queries = await _database.RunAsync(c => c.QueryAsync<string>("SELECT QueryKey FROM OrleansQuery;"));
        Assert.Contains("WriteToStorageKey", queries);
        Assert.Contains("InsertMembershipKey", queries);
        Assert.Contains("UpsertReminderRowKey", queries);
    }

    [Fact]
    public async Task A_migration_interrupted_halfway_is_completed_by_the_next_start()
    {
        await _database.EnsureMigratedAsync();

        // As if the process died after some statements of step 2: its version row and one of its tables are missing.
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DELETE FROM wandb_schema_version WHERE version = 2; DROP TABLE run_files;");
        }

        var restarted = NewDatabase();
        await restarted.EnsureMigratedAsync();

        Assert.Equal(MySqlSchema.Migrations[^1].Version, await restarted.GetSchemaVersionAsync());
        Assert.Empty(await new SqlMetadataStore(restarted).ListRunFilesAsync(1));
    }

    [Fact]
    public async Task A_database_newer_than_the_build_is_refused()
    {
        await _database.EnsureMigratedAsync();
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO wandb_schema_version (version, name, applied_at) VALUES (999, 'future', 0);");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewDatabase().EnsureMigratedAsync());
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_as_unavailable_not_as_a_bad_request()
    {
        var unreachable = new MySqlDatabase(
            Options.Create(new ClusterStorageOptions { MySql = "mysql://u:p@127.0.0.1:1/none", Bucket = "x" }),
            NullLogger<MySqlDatabase>.Instance);

        await Assert.ThrowsAsync<Contracts.Storage.StorageUnavailableException>(() => new SqlMetadataStore(unreachable).CountUsersAsync());
    }

    [Fact]
    public void Both_forms_of_the_MYSQL_setting_give_the_same_connection()
    {
        var fromUrl = new MySqlConnectionStringBuilder(MySqlConnectionStrings.Normalize("mysql://wandb:p%40ss@db.example:3307/wandb"));
        Assert.Equal(("db.example", 3307u, "wandb", "p@ss", "wandb"), (fromUrl.Server, fromUrl.Port, fromUrl.UserID, fromUrl.Password, fromUrl.Database));

        var fromString = new MySqlConnectionStringBuilder(MySqlConnectionStrings.Normalize("Server=db.example;Port=3307;User ID=wandb;Password=p@ss;Database=wandb"));
        Assert.Equal((fromUrl.Server, fromUrl.Port, fromUrl.Database), (fromString.Server, fromString.Port, fromString.Database));
        Assert.Throws<ArgumentException>(() => MySqlConnectionStrings.Normalize("mysql://wandb:p@db.example:3307/"));
    }

    private MySqlDatabase NewDatabase() => new(
        Options.Create(new ClusterStorageOptions { MySql = _settings["MYSQL"], Bucket = _settings["BUCKET"] }),
        NullLogger<MySqlDatabase>.Instance);
}
