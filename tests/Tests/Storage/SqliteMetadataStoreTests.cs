using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Embedded;

namespace Orleans.Wandb.Tests.Storage;

public sealed class SqliteMetadataStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 6, 15, 11, TimeSpan.Zero);
    private readonly StorageFolder _dir = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteMetadataStore _store;
    private readonly AccountAdmin _accounts;

    public SqliteMetadataStoreTests()
    {
        _database = _dir.NewDatabase();
        _store = new SqliteMetadataStore(_database);
        _accounts = new AccountAdmin(_store, new FakeTimeProvider(Now));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Migrations_apply_once_and_are_recorded()
    {
        await _store.InitializeAsync();
        await new SqliteMetadataStore(_dir.NewDatabase()).InitializeAsync();

        var versions = await _database.RunAsync(c => c.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(SqliteSchema.Migrations.Select(m => (long)m.Version), versions);
        var mode = await _database.RunAsync(c => c.ExecuteScalarAsync<string>("PRAGMA journal_mode;"));
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task A_user_gets_a_personal_entity_and_keys_are_stored_only_as_hashes()
    {
        Assert.Equal(0, await _store.CountUsersAsync());
        var user = await _accounts.CreateUserAsync("alice", "alice@example.invalid", "secret", admin: false);
        var created = await _accounts.CreateApiKeyAsync(user.Id, "laptop");

        Assert.Equal(1, await _store.CountUsersAsync());
        Assert.Equal("alice", user.Entity);
        Assert.Equal(EntityKinds.User, (await _store.GetEntityAsync("alice"))!.Kind);
        Assert.Equal(user, await _store.FindUserByApiKeyHashAsync(ApiKeys.Hash(created.Key)));
        var stored = await _database.RunAsync(c => c.QueryAsync<string>("SELECT key_hash || masked FROM api_keys;"));
        Assert.DoesNotContain(stored, s => s.Contains(created.Key, StringComparison.Ordinal));
        Assert.Equal("laptop", Assert.Single(await _store.ListApiKeysAsync(user.Id)).Description);
    }

    [Fact]
    public async Task A_revoked_key_no_longer_finds_its_user()
    {
        var user = await _accounts.CreateUserAsync("bob", "bob@example.invalid", null, admin: false);
        var created = await _accounts.CreateApiKeyAsync(user.Id, null);

        Assert.True(await _store.RevokeApiKeyAsync(user.Id, created.Info.Id, Now));

        Assert.Null(await _store.FindUserByApiKeyHashAsync(ApiKeys.Hash(created.Key)));
        Assert.Empty(await _store.ListApiKeysAsync(user.Id));
        Assert.False(await _store.RevokeApiKeyAsync(user.Id, created.Info.Id, Now));
    }

    [Fact]
    public async Task Usernames_and_emails_are_unique()
    {
        await _accounts.CreateUserAsync("carol", "carol@example.invalid", null, admin: false);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _accounts.CreateUserAsync("carol", "other@example.invalid", null, admin: false));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _accounts.CreateUserAsync("carol2", "carol@example.invalid", null, admin: false));
        await Assert.ThrowsAsync<ArgumentException>(
            () => _accounts.CreateUserAsync("bad/name", "x@example.invalid", null, admin: false));
    }

    [Fact]
    public async Task Passwords_verify_against_their_hash_only()
    {
        await _accounts.CreateUserAsync("dave", "dave@example.invalid", "correct horse", admin: false);

        Assert.NotNull(await _accounts.VerifyPasswordAsync("dave", "correct horse"));
        Assert.Null(await _accounts.VerifyPasswordAsync("dave", "wrong"));
        Assert.Null(await _accounts.VerifyPasswordAsync("nobody", "correct horse"));
    }

    [Fact]
    public async Task Teams_have_members_with_roles_and_names_shared_with_users()
    {
        var owner = await _accounts.CreateUserAsync("erin", "erin@example.invalid", null, admin: false);
        var member = await _accounts.CreateUserAsync("frank", "frank@example.invalid", null, admin: false);
        await _accounts.CreateTeamAsync("vision", owner.Id);
        await _accounts.AddMemberAsync("vision", member.Id, MemberRoles.Viewer);
        await _accounts.AddMemberAsync("vision", member.Id, MemberRoles.Member);

        Assert.Equal(MemberRoles.Admin, await _store.GetMembershipRoleAsync(owner.Id, "vision"));
        Assert.Equal(MemberRoles.Member, await _store.GetMembershipRoleAsync(member.Id, "vision"));
        Assert.Null(await _store.GetMembershipRoleAsync(member.Id, "erin"));
        Assert.Equal(["frank", "vision"], await _store.ListEntitiesOfUserAsync(member.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _accounts.CreateTeamAsync("frank", owner.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => _accounts.AddMemberAsync("erin", member.Id));
    }

    [Fact]
    public async Task Ensuring_a_project_twice_returns_the_same_project()
    {
        var first = await _store.EnsureProjectAsync("ent", "proj", 7, Now);
        var second = await _store.EnsureProjectAsync("ent", "proj", 8, Now.AddDays(1));

        Assert.Equal(first, second);
        Assert.Equal(7, second.CreatedBy);
        Assert.Equal(Now, second.CreatedAt);
        Assert.Null(await _store.GetProjectAsync("ent", "other"));
    }

    [Fact]
    public async Task The_run_index_keeps_one_row_per_run_name()
    {
        var row = new RunRow { Name = "r1", CreatedAt = Now, Tags = ["x"], Config = "{\"a\": NaN}", UserId = 3 };
        var id = await _store.InsertRunAsync("ent", "proj", row);
        Assert.Equal(id, await _store.InsertRunAsync("ent", "proj", row));

        var saved = row with { Id = id, State = RunStates.Finished, HeartbeatAt = Now.AddMinutes(1), HistoryLineCount = 5, Tags = ["y", "z"] };
        await _store.SaveRunRowAsync("ent", "proj", saved, Now.AddMinutes(1));

        var listed = Assert.Single(await _store.ListRunRowsAsync("ent", "proj"));
        Assert.Equal(saved with { Tags = listed.Tags }, listed);
        Assert.Equal(["y", "z"], listed.Tags);
        Assert.Equal("proj", (await _store.FindRunAsync(id))!.Project);
    }

    [Fact]
    public async Task Run_files_upsert_by_name_and_list_sorted()
    {
        Assert.True(await _store.UpsertRunFileAsync(1, new RunFileInfo("b.txt", 1, "m1", "text/plain", Now)));
        Assert.True(await _store.UpsertRunFileAsync(1, new RunFileInfo("a.txt", 2, "m2", "text/plain", Now)));
        Assert.False(await _store.UpsertRunFileAsync(1, new RunFileInfo("b.txt", 3, "m3", "text/plain", Now)));

        var files = await _store.ListRunFilesAsync(1);
        Assert.Equal(["a.txt", "b.txt"], files.Select(f => f.Name));
        Assert.Equal(3, files[1].SizeBytes);
        Assert.Empty(await _store.ListRunFilesAsync(2));
    }
}
