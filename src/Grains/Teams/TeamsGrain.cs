using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Accounts;
using Orleans.Wandb.Grains.Authorization;
using Orleans.Wandb.Grains.Projects;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Teams;

/// <summary>
/// Team and project administration (see <see cref="ITeamsGrain"/>): one place decides who may manage what, so
/// GraphQL and the web app cannot disagree. Stateless; permissions are read from the store on every call, so a
/// demoted admin loses their rights at once, and every membership change is announced (<see cref="DirectoryChanges"/>)
/// so the directory's cached answers follow at once too.
/// </summary>
[StatelessWorker]
internal sealed class TeamsGrain(
    IMetadataStore metadata,
    IAccountStore accounts,
    ITeamStore store,
    AccountAdmin accountAdmin,
    ServiceKeySealer sealer,
    DirectoryChanges changes,
    InviteAcceptance invites,
    ProjectDeletion projectDeletion,
    TimeProvider time) : Grain, ITeamsGrain
{
    private const int SearchLimit = 200;

    /// <summary>The longest email an invite accepts (RFC 5321's limit; the column holds 255).</summary>
    private const int MaxEmailLength = 254;

    /// <inheritdoc />
    public async Task<TeamInfo> CreateTeamAsync(Actor actor, string name, string? adminUsername)
    {
        var caller = await RequireUserAsync(actor);
        var owner = caller;
        if (!string.IsNullOrEmpty(adminUsername) && adminUsername != caller.Username)
        {
            if (!AccessPolicy.AdministersInstance(caller))
            {
                throw new UnauthorizedAccessException("Only server admins may create a team for someone else.");
            }

            owner = await metadata.FindUserByUsernameAsync(adminUsername)
                ?? throw new KeyNotFoundException($"There is no user named '{adminUsername}'.");
        }

        EntityRecord team;
        try
        {
            team = await accountAdmin.CreateTeamAsync(name, owner.Id);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, nameof(name), e);
        }

        await AuditAsync(actor, "team.create", $"team/{name}", $"admin={owner.Username}");
        return (await GetTeamAsync(actor, team.Name))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TeamInfo>> ListTeamsAsync(Actor actor)
    {
        var caller = await RequireUserAsync(actor);
        if (!AccessPolicy.AdministersInstance(caller))
        {
            throw new UnauthorizedAccessException("Only server admins may list every team.");
        }

        var teams = new List<TeamInfo>();
        foreach (var name in await store.ListTeamNamesAsync())
        {
            if (await GetTeamAsync(actor, name) is { } team)
            {
                teams.Add(team);
            }
        }

        return teams;
    }

    /// <inheritdoc />
    public async Task<TeamInfo?> GetTeamAsync(Actor actor, string name)
    {
        var caller = await RequireUserAsync(actor);
        if (!Names.IsValid(name) || await metadata.GetEntityAsync(name) is not { } entity)
        {
            return null;
        }

        var level = await Directory.GetEntityAccessAsync(caller.Id, name);
        if (level < AccessLevel.Read)
        {
            return null;
        }

        // Service-account keys are for those who manage the team; everyone else sees who is in it.
        var role = await metadata.GetMembershipRoleAsync(caller.Id, name);
        var manages = level >= AccessLevel.Administer;
        var members = new List<TeamMember>();
        foreach (var member in await store.ListMembersAsync(entity.Id))
        {
            var key = manages && member.SealedKey is { } sealedKey ? await sealer.UnsealAsync(sealedKey) : null;
            members.Add(new TeamMember(member.UserId, member.Username, manages ? member.Email : null, member.Role, member.Service, key));
        }

        // Pending invites name people's email addresses: only those who manage the team see them.
        var pending = manages && entity.Kind == EntityKinds.Team ? await store.ListInvitesAsync(entity.Id) : [];
        return new TeamInfo(entity.Id, entity.Name, entity.Kind == EntityKinds.Team, role, members, pending);
    }

    /// <inheritdoc />
    public async Task<Invitation> InviteAsync(Actor actor, string team, string usernameOrEmail, string role)
    {
        var entity = await RequireManagedTeamAsync(actor, team);
        EnsureRole(role);
        var login = usernameOrEmail.Trim();
        var byEmail = login.Contains('@');
        var user = byEmail ? await accounts.FindUserByEmailAsync(login) : await metadata.FindUserByUsernameAsync(login);
        if (user is null)
        {
            if (!byEmail)
            {
                throw new KeyNotFoundException($"There is no user '{login}'. Invite them by email, or a server admin creates the account.");
            }

            var at = login.IndexOf('@');
            if (at <= 0 || at == login.Length - 1 || login.Length > MaxEmailLength)
            {
                throw new ArgumentException($"'{login}' is not an email address.", nameof(usernameOrEmail));
            }

            var invite = await store.UpsertInviteAsync(entity.Id, login, role, actor.UserId, time.GetUtcNow());
            await AuditAsync(actor, "team.invite.create", $"team/{team}", $"email={invite.Email} role={role}");
            return new Invitation(null, invite);
        }

        await metadata.SetMembershipAsync(entity.Id, user.Id, role);
        await changes.PublishAsync("team.member.add");
        await AuditAsync(actor, "team.member.add", $"team/{team}", $"user={user.Username} role={role}");
        return new Invitation(new TeamMember(user.Id, user.Username, user.Email, role, false, null), null);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeInviteAsync(Actor actor, string team, long inviteId)
    {
        var entity = await RequireManagedTeamAsync(actor, team);
        var invite = (await store.ListInvitesAsync(entity.Id)).FirstOrDefault(i => i.Id == inviteId);
        if (invite is null || !await store.DeleteInviteAsync(entity.Id, inviteId))
        {
            return false;
        }

        await AuditAsync(actor, "team.invite.revoke", $"team/{team}", $"email={invite.Email}");
        return true;
    }

    /// <inheritdoc />
    public async Task SetRoleAsync(Actor actor, string team, long userId, string role)
    {
        var entity = await RequireManagedTeamAsync(actor, team);
        EnsureRole(role);
        var members = await store.ListMembersAsync(entity.Id);
        var member = members.FirstOrDefault(m => m.UserId == userId)
            ?? throw new KeyNotFoundException($"User {userId} is not a member of '{team}'.");
        if (member.Role == MemberRoles.Admin && role != MemberRoles.Admin)
        {
            EnsureAnotherAdmin(members, userId, team);
        }

        await metadata.SetMembershipAsync(entity.Id, userId, role);
        await changes.PublishAsync("team.member.role");
        await AuditAsync(actor, "team.member.role", $"team/{team}", $"user={member.Username} role={member.Role}->{role}");
    }

    /// <inheritdoc />
    public async Task<bool> RemoveMemberAsync(Actor actor, string team, long userId)
    {
        var entity = await RequireManagedTeamAsync(actor, team);
        var members = await store.ListMembersAsync(entity.Id);
        if (members.FirstOrDefault(m => m.UserId == userId) is not { } member)
        {
            return false;
        }

        if (member.Role == MemberRoles.Admin)
        {
            EnsureAnotherAdmin(members, userId, team);
        }

        await store.RemoveMembershipAsync(entity.Id, userId);
        if (member.Service)
        {
            // A service account's default entity is the team: removing it must also stop its keys from working.
            foreach (var key in await metadata.ListApiKeysAsync(userId))
            {
                await metadata.RevokeApiKeyAsync(userId, key.Id, time.GetUtcNow());
            }
        }

        await changes.PublishAsync("team.member.remove");
        await AuditAsync(actor, "team.member.remove", $"team/{team}", $"user={member.Username}");
        return true;
    }

    /// <inheritdoc />
    public async Task<TeamMember> CreateServiceAccountAsync(Actor actor, string team, string description)
    {
        var entity = await RequireManagedTeamAsync(actor, team);
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var username = $"{team}-sa-{suffix}";
        var user = await store.InsertServiceAccountAsync(entity.Id, username, $"{username}@service-account.invalid", time.GetUtcNow());
        var key = ApiKeys.Generate();
        await store.InsertSealedApiKeyAsync(
            user.Id, ApiKeys.Hash(key), ApiKeys.Mask(key), await sealer.SealAsync(key), description, time.GetUtcNow());
        await AuditAsync(actor, "team.service-account.create", $"team/{team}", $"user={username}");
        await AuditAsync(actor, "apikey.create", $"user/{username}", description);
        return new TeamMember(user.Id, username, user.Email, MemberRoles.Member, true, key);
    }

    /// <inheritdoc />
    public async Task<ProjectInfo> UpdateProjectAsync(Actor actor, string entity, string project, string? access, string? description)
    {
        var caller = await RequireUserAsync(actor);
        var level = Names.IsValid(entity) && Names.IsValid(project) ? await Directory.GetProjectAccessAsync(caller.Id, entity, project) : AccessLevel.None;
        if (level < AccessLevel.Read || await metadata.GetProjectAsync(entity, project) is not { } before)
        {
            throw new KeyNotFoundException($"There is no project '{entity}/{project}'.");
        }

        string? visibility = null;
        if (!string.IsNullOrEmpty(access))
        {
            visibility = ProjectAccess.Normalize(access) ?? throw new ArgumentException($"'{access}' is not a visibility (private, team or open).", nameof(access));
            if (level < AccessLevel.Administer)
            {
                throw new UnauthorizedAccessException($"Only admins of '{entity}' may change who sees its projects.");
            }
        }

        if (description is not null && level < AccessLevel.Write)
        {
            throw new UnauthorizedAccessException($"{caller.Username} may not change projects of '{entity}'.");
        }

        await store.UpdateProjectAsync(entity, project, visibility, description);
        if (visibility is not null && visibility != before.Access)
        {
            await AuditAsync(actor, "project.visibility", $"project/{entity}/{project}", $"{before.Access}->{visibility}");
        }

        await GrainFactory.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).ReloadAsync();
        return (await metadata.GetProjectAsync(entity, project))!;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteProjectAsync(Actor actor, string entity, string project)
    {
        var caller = await RequireUserAsync(actor);
        var level = Names.IsValid(entity) && Names.IsValid(project) ? await Directory.GetProjectAccessAsync(caller.Id, entity, project) : AccessLevel.None;
        if (level < AccessLevel.Read)
        {
            return false;
        }

        if (level < AccessLevel.Administer)
        {
            throw new UnauthorizedAccessException($"Only admins of '{entity}' may delete its projects.");
        }

        var deleted = await projectDeletion.DeleteAsync(entity, project);
        if (deleted)
        {
            await AuditAsync(actor, "project.delete", $"project/{entity}/{project}", null);
        }

        return deleted;
    }

    /// <inheritdoc />
    public async Task<CreatedUser> CreateUserAsync(Actor actor, string email, string? username, bool admin)
    {
        var caller = await RequireUserAsync(actor);
        if (!AccessPolicy.AdministersInstance(caller))
        {
            throw new UnauthorizedAccessException("Only server admins may create users.");
        }

        var name = string.IsNullOrWhiteSpace(username) ? email.Split('@')[0] : username.Trim();
        UserIdentity user;
        try
        {
            user = await accountAdmin.CreateUserAsync(name, email.Trim(), password: null, admin);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, nameof(email), e);
        }

        var key = await accountAdmin.CreateApiKeyAsync(user.Id, "created with the user");
        await AuditAsync(actor, "user.create", $"user/{user.Username}", admin ? "admin" : null);
        await AuditAsync(actor, "apikey.create", $"user/{user.Username}", key.Info.MaskedKey);
        await invites.AcceptAsync(actor, user);
        return new CreatedUser(user, key.Info, key.Key);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserIdentity>> SearchUsersAsync(Actor actor, string? query)
    {
        var caller = await RequireUserAsync(actor);
        if (!AccessPolicy.AdministersInstance(caller))
        {
            throw new UnauthorizedAccessException("Only server admins may list users.");
        }

        return await store.SearchUsersAsync(query, SearchLimit);
    }

    private async Task<UserIdentity> RequireUserAsync(Actor actor) =>
        await metadata.GetUserAsync(actor.UserId) ?? throw new UnauthorizedAccessException("Unknown user.");

    // The one authorization rule (AccessPolicy), through the directory's cache; every change of roles here is
    // announced (DirectoryChanges), which drops this silo's cached answers at once.
    private IDirectoryGrain Directory => GrainFactory.Directory();

    private async Task<EntityRecord> RequireManagedTeamAsync(Actor actor, string team)
    {
        var caller = await RequireUserAsync(actor);
        if (!Names.IsValid(team) || await metadata.GetEntityAsync(team) is not { Kind: EntityKinds.Team } entity)
        {
            throw new KeyNotFoundException($"There is no team named '{team}'.");
        }

        var level = await Directory.GetEntityAccessAsync(caller.Id, team);
        if (level < AccessLevel.Administer)
        {
            // Outsiders learn nothing about the team; members learn they lack the role.
            throw level is AccessLevel.None
                ? new KeyNotFoundException($"There is no team named '{team}'.")
                : new UnauthorizedAccessException($"Only admins of '{team}' may manage it.");
        }

        return entity;
    }

    private static void EnsureRole(string role)
    {
        if (!MemberRoles.IsValid(role))
        {
            throw new ArgumentException($"'{role}' is not a role (admin, member or viewer).", nameof(role));
        }
    }

    private static void EnsureAnotherAdmin(IReadOnlyList<StoredMember> members, long userId, string team)
    {
        if (!members.Any(m => m.UserId != userId && m.Role == MemberRoles.Admin))
        {
            throw new ArgumentException($"'{team}' needs at least one other admin first.", nameof(userId));
        }
    }

    private Task AuditAsync(Actor actor, string action, string target, string? detail) =>
        GrainFactory.AuditLog().AppendAsync(actor, action, target, detail);
}
