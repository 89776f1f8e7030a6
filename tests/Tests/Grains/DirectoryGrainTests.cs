using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class DirectoryGrainTests(ClusterFixture fixture)
{
    private IDirectoryGrain Directory => fixture.GrainFactory.Directory();

    private async Task<(UserIdentity User, string Key)> NewUserAsync(bool admin = false)
    {
        var name = TestNames.Unique("user");
        var user = await fixture.Accounts.CreateUserAsync(name, $"{name}@example.invalid", "pw", admin);
        var key = await fixture.Accounts.CreateApiKeyAsync(user.Id, "test");
        return (user, key.Key);
    }

    [Fact]
    public async Task The_bootstrap_admin_authenticates_with_the_configured_key()
    {
        var admin = await Directory.AuthenticateAsync(ClusterFixture.AdminApiKey);

        Assert.NotNull(admin);
        Assert.Equal("local", admin.Username);
        Assert.Equal("local", admin.Entity);
        Assert.Equal("local@wandb.com", admin.Email);
        Assert.True(admin.Admin);
    }

    [Fact]
    public async Task A_created_key_authenticates_its_user_and_an_unknown_key_nobody()
    {
        var (user, key) = await NewUserAsync();

        Assert.Matches("^local-[0-9a-f]{40}$", key);
        Assert.Equal(user, await Directory.AuthenticateAsync(key));
        Assert.Null(await Directory.AuthenticateAsync("local-" + new string('0', 40)));
        Assert.Null(await Directory.AuthenticateAsync(""));
    }

    [Fact]
    public async Task Only_an_instance_admin_who_may_act_administers_the_instance()
    {
        var bootstrap = (await Directory.AuthenticateAsync(ClusterFixture.AdminApiKey))!;
        var (ordinary, _) = await NewUserAsync();
        var (deactivatedAdmin, _) = await NewUserAsync(admin: true);
        Assert.True(await Directory.AdministersInstanceAsync(deactivatedAdmin.Id));

        Assert.True(await fixture.GrainFactory.Accounts().SetDeactivatedAsync(new Contracts.Teams.Actor(bootstrap.Id, null), deactivatedAdmin.Id, true));

        Assert.True(await Directory.AdministersInstanceAsync(bootstrap.Id));
        Assert.False(await Directory.AdministersInstanceAsync(ordinary.Id));
        Assert.False(await Directory.AdministersInstanceAsync(deactivatedAdmin.Id));
        Assert.False(await Directory.AdministersInstanceAsync(987_654_321));
    }

    [Fact]
    public async Task Keys_are_listed_masked()
    {
        var (user, key) = await NewUserAsync();

        var listed = Assert.Single(await Directory.GetApiKeysAsync(user.Id));

        Assert.DoesNotContain(key[10..30], listed.MaskedKey);
        Assert.StartsWith(key[..10], listed.MaskedKey);
        Assert.EndsWith(key[^4..], listed.MaskedKey);
    }

    [Fact]
    public async Task Access_follows_personal_entity_team_roles_and_admin()
    {
        var (owner, _) = await NewUserAsync();
        var (member, _) = await NewUserAsync();
        var (viewer, _) = await NewUserAsync();
        var (stranger, _) = await NewUserAsync();
        var (admin, _) = await NewUserAsync(admin: true);
        var team = TestNames.Unique("team");
        await fixture.Accounts.CreateTeamAsync(team, owner.Id);
        await fixture.Accounts.AddMemberAsync(team, member.Id, MemberRoles.Member);
        await fixture.Accounts.AddMemberAsync(team, viewer.Id, MemberRoles.Viewer);

        Assert.Equal(AccessLevel.Administer, await Directory.GetEntityAccessAsync(owner.Id, owner.Entity));
        Assert.Equal(AccessLevel.Administer, await Directory.GetEntityAccessAsync(owner.Id, team));
        Assert.Equal(AccessLevel.Write, await Directory.GetEntityAccessAsync(member.Id, team));
        Assert.Equal(AccessLevel.Read, await Directory.GetEntityAccessAsync(viewer.Id, team));
        Assert.Equal(AccessLevel.None, await Directory.GetEntityAccessAsync(stranger.Id, team));
        Assert.Equal(AccessLevel.None, await Directory.GetEntityAccessAsync(stranger.Id, owner.Entity));
        Assert.Equal(AccessLevel.Administer, await Directory.GetEntityAccessAsync(admin.Id, team));
        Assert.Equal(AccessLevel.Administer, await Directory.GetEntityAccessAsync(admin.Id, owner.Entity));
        Assert.Equal([member.Entity, team], await Directory.GetEntitiesAsync(member.Id));
        Assert.True(await Directory.EntityExistsAsync(team));
        Assert.False(await Directory.EntityExistsAsync(TestNames.Unique("nobody")));
    }

    [Fact]
    public async Task Runs_are_found_by_storage_id_and_projects_listed_by_name()
    {
        var entity = (await NewUserAsync()).User.Entity;
        var info = await fixture.GrainFactory.GetGrain<IRunGrain>(RunKey.From(entity, "zeta", "r1")).EnsureAsync(1);
        await fixture.GrainFactory.GetGrain<IRunGrain>(RunKey.From(entity, "alpha", "r2")).EnsureAsync(1);

        Assert.Equal(new RunLocation(info.Id, entity, "zeta", "r1"), await Directory.FindRunAsync(info.Id));
        Assert.Null(await Directory.FindRunAsync(long.MaxValue));
        var projects = await Directory.ListProjectsAsync(entity);
        Assert.Equal(["alpha", "zeta"], projects.Select(p => p.Name));
        Assert.All(projects, p => Assert.Equal(1, p.RunCount));
    }
}
