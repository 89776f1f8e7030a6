using Microsoft.Extensions.Time.Testing;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Tests.Storage;

/// <summary>
/// What every <see cref="IMetadataStore"/> does, whatever the database: each profile's store runs this
/// specification (<see cref="SqliteMetadataStoreTests"/>, <see cref="Cluster.MySqlMetadataStoreTests"/>).
/// </summary>
public abstract class MetadataStoreTests
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 26, 6, 15, 11, TimeSpan.Zero);

    /// <summary>The store under test, on an empty database.</summary>
    protected abstract IMetadataStore Store { get; }

    /// <summary>Every stored API-key column value (hash and mask), read with the database's own SQL.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredKeyColumnsAsync();

    private AccountAdmin Accounts => new(Store, new FakeTimeProvider(Now));

    [Fact]
    public async Task A_user_gets_a_personal_entity_and_keys_are_stored_only_as_hashes()
    {
        Assert.Equal(0, await Store.CountUsersAsync());
        var user = await Accounts.CreateUserAsync("alice", "alice@example.invalid", "secret", admin: false);
        var created = await Accounts.CreateApiKeyAsync(user.Id, "laptop");

        Assert.Equal(1, await Store.CountUsersAsync());
        Assert.Equal("alice", user.Entity);
        Assert.Equal(EntityKinds.User, (await Store.GetEntityAsync("alice"))!.Kind);
        Assert.Equal(user, await Store.FindUserByApiKeyHashAsync(ApiKeys.Hash(created.Key)));
        var stored = await StoredKeyColumnsAsync();
        Assert.DoesNotContain(stored, s => s.Contains(created.Key, StringComparison.Ordinal));
        Assert.Equal("laptop", Assert.Single(await Store.ListApiKeysAsync(user.Id)).Description);
    }

    [Fact]
    public async Task A_revoked_key_no_longer_finds_its_user()
    {
        var user = await Accounts.CreateUserAsync("bob", "bob@example.invalid", null, admin: false);
        var created = await Accounts.CreateApiKeyAsync(user.Id, null);

        Assert.True(await Store.RevokeApiKeyAsync(user.Id, created.Info.Id, Now));

        Assert.Null(await Store.FindUserByApiKeyHashAsync(ApiKeys.Hash(created.Key)));
        Assert.Empty(await Store.ListApiKeysAsync(user.Id));
        Assert.False(await Store.RevokeApiKeyAsync(user.Id, created.Info.Id, Now));
    }

    [Fact]
    public async Task Usernames_and_emails_are_unique()
    {
        await Accounts.CreateUserAsync("carol", "carol@example.invalid", null, admin: false);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Accounts.CreateUserAsync("carol", "other@example.invalid", null, admin: false));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Accounts.CreateUserAsync("carol2", "carol@example.invalid", null, admin: false));
        await Assert.ThrowsAsync<ArgumentException>(
            () => Accounts.CreateUserAsync("bad/name", "x@example.invalid", null, admin: false));
    }

    [Fact]
    public async Task Passwords_verify_against_their_hash_only()
    {
        await Accounts.CreateUserAsync("dave", "dave@example.invalid", "correct horse", admin: false);

        Assert.NotNull(await Accounts.VerifyPasswordAsync("dave", "correct horse"));
        Assert.Null(await Accounts.VerifyPasswordAsync("dave", "wrong"));
        Assert.Null(await Accounts.VerifyPasswordAsync("nobody", "correct horse"));
    }

    [Fact]
    public async Task Teams_have_members_with_roles_and_names_shared_with_users()
    {
        var owner = await Accounts.CreateUserAsync("erin", "erin@example.invalid", null, admin: false);
        var member = await Accounts.CreateUserAsync("frank", "frank@example.invalid", null, admin: false);
        await Accounts.CreateTeamAsync("vision", owner.Id);
        await Accounts.AddMemberAsync("vision", member.Id, MemberRoles.Viewer);
        await Accounts.AddMemberAsync("vision", member.Id, MemberRoles.Member);

        Assert.Equal(MemberRoles.Admin, await Store.GetMembershipRoleAsync(owner.Id, "vision"));
        Assert.Equal(MemberRoles.Member, await Store.GetMembershipRoleAsync(member.Id, "vision"));
        Assert.Null(await Store.GetMembershipRoleAsync(member.Id, "erin"));
        Assert.Equal(["frank", "vision"], await Store.ListEntitiesOfUserAsync(member.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Accounts.CreateTeamAsync("frank", owner.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => Accounts.AddMemberAsync("erin", member.Id));
    }

    [Fact]
    public async Task An_email_address_is_replaced_in_place_and_teams_are_listed_without_personal_entities()
    {
        var owner = await Accounts.CreateUserAsync("ines", "ines@example.invalid", null, admin: false);
        await Accounts.CreateTeamAsync("zeta", owner.Id);
        await Accounts.CreateTeamAsync("alpha", owner.Id);
        var store = (IAccountStore)Store;

        Assert.True(await store.SetEmailAsync(owner.Id, "ines@corp.example.invalid"));
        Assert.False(await store.SetEmailAsync(owner.Id + 1000, "nobody@example.invalid"));

        Assert.Equal("ines@corp.example.invalid", (await Store.GetUserAsync(owner.Id))!.Email);
        Assert.Equal(owner.Id, (await store.FindUserByEmailAsync("ines@corp.example.invalid"))!.Id);
        Assert.Null(await store.FindUserByEmailAsync("ines@example.invalid"));
        Assert.Equal(["alpha", "zeta"], await ((ITeamStore)Store).ListTeamNamesAsync());
    }

    [Fact]
    public async Task Names_that_differ_from_a_taken_name_only_by_case_are_refused_and_the_taken_one_stays_readable()
    {
        var owner = await Accounts.CreateUserAsync("Kim", "kim@example.invalid", null, admin: false);
        var team = await Accounts.CreateTeamAsync("Team1", owner.Id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Accounts.CreateTeamAsync("team1", owner.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Accounts.CreateTeamAsync("KIM", owner.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Accounts.CreateUserAsync("kim", "other-kim@example.invalid", null, admin: false));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Accounts.CreateUserAsync("TEAM1", "team1@example.invalid", null, admin: false));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => ((ITeamStore)Store).InsertServiceAccountAsync(team.Id, "kIm", "kim@service-account.invalid", Now));

        Assert.Equal(EntityKinds.Team, (await Store.GetEntityAsync("Team1"))!.Kind);
        Assert.Null(await Store.GetEntityAsync("team1"));
        Assert.Equal(["Kim", "Team1"], await Store.ListEntitiesOfUserAsync(owner.Id));
    }

    [Fact]
    public async Task Invites_become_memberships_of_the_account_created_with_their_email_and_disappear()
    {
        var teams = (ITeamStore)Store;
        var owner = await Accounts.CreateUserAsync("gina", "gina@example.invalid", null, admin: false);
        var team = await Accounts.CreateTeamAsync("optics", owner.Id);
        await teams.UpsertInviteAsync(team.Id, "Hal@Example.invalid", MemberRoles.Member, owner.Id, Now);
        var invite = await teams.UpsertInviteAsync(team.Id, "hal@example.invalid", MemberRoles.Viewer, owner.Id, Now);
        var withdrawn = await teams.UpsertInviteAsync(team.Id, "ida@example.invalid", MemberRoles.Admin, owner.Id, Now);

        Assert.Equal(new Contracts.Teams.TeamInvite(invite.Id, "optics", "hal@example.invalid", MemberRoles.Viewer, "gina", Now), invite);
        Assert.Equal([invite, withdrawn], await teams.ListInvitesAsync(team.Id));
        Assert.True(await teams.DeleteInviteAsync(team.Id, withdrawn.Id));
        Assert.False(await teams.DeleteInviteAsync(team.Id, withdrawn.Id));

        var hal = await Accounts.CreateUserAsync("hal", "HAL@example.invalid", null, admin: false);
        var accepted = await teams.AcceptInvitesAsync(hal.Id, hal.Email);

        Assert.Equal([invite], accepted);
        Assert.Equal(MemberRoles.Viewer, await Store.GetMembershipRoleAsync(hal.Id, "optics"));
        Assert.Empty(await teams.ListInvitesAsync(team.Id));
        Assert.Empty(await teams.AcceptInvitesAsync(hal.Id, hal.Email));
    }

    [Fact]
    public async Task Ensuring_a_project_twice_returns_the_same_project()
    {
        var first = await Store.EnsureProjectAsync("ent", "proj", 7, Now);
        var second = await Store.EnsureProjectAsync("ent", "proj", 8, Now.AddDays(1));

        Assert.Equal(first, second);
        Assert.Equal(7, second.CreatedBy);
        Assert.Equal(Now, second.CreatedAt);
        Assert.Null(await Store.GetProjectAsync("ent", "other"));
    }

    [Fact]
    public async Task The_run_index_keeps_one_row_per_run_name()
    {
        var row = new RunRow { Name = "r1", CreatedAt = Now, Tags = ["x"], Config = "{\"a\": NaN}", UserId = 3 };
        var id = await Store.InsertRunAsync("ent", "proj", row);
        Assert.Equal(id, await Store.InsertRunAsync("ent", "proj", row));

        var saved = row with { Id = id, State = RunStates.Finished, HeartbeatAt = Now.AddMinutes(1), HistoryLineCount = 5, Tags = ["y", "z"], ForUserId = 4 };
        await Store.SaveRunRowAsync("ent", "proj", saved, Now.AddMinutes(1));

        var listed = Assert.Single(await Store.ListRunRowsAsync("ent", "proj"));
        Assert.Equal(saved with { Tags = listed.Tags }, listed);
        Assert.Equal(["y", "z"], listed.Tags);
        Assert.Equal(4, listed.ForUserId);
        Assert.Equal("proj", (await Store.FindRunAsync(id))!.Project);
    }

    [Fact]
    public async Task Run_files_upsert_by_name_and_list_sorted()
    {
        Assert.True(await Store.UpsertRunFileAsync(1, new RunFileInfo("b.txt", 1, "m1", "text/plain", Now)));
        Assert.True(await Store.UpsertRunFileAsync(1, new RunFileInfo("a.txt", 2, "m2", "text/plain", Now)));
        Assert.False(await Store.UpsertRunFileAsync(1, new RunFileInfo("b.txt", 3, "m3", "text/plain", Now)));

        var files = await Store.ListRunFilesAsync(1);
        Assert.Equal(["a.txt", "b.txt"], files.Select(f => f.Name));
        Assert.Equal(3, files[1].SizeBytes);
        Assert.Empty(await Store.ListRunFilesAsync(2));
    }
}
