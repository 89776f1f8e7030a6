using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;

namespace Orleans.Wandb.Contracts.Teams;

/// <summary>
/// Team and project administration for GraphQL and the web app alike: teams, memberships and roles, service
/// accounts, project settings and deletion. Every method checks that the actor may do it (team admins manage their
/// team, server admins manage everything) and records the change in the audit log. A stateless worker (key 0).
/// Refusals are <see cref="UnauthorizedAccessException"/>, bad input <see cref="ArgumentException"/>, unknown
/// names <see cref="KeyNotFoundException"/> (also for what the actor may not see).
/// </summary>
[Alias("wandb.ITeamsGrain")]
public interface ITeamsGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a team; its first admin is <paramref name="adminUsername"/> (server admins only) or the actor.</summary>
    [Alias("CreateTeam")]
    Task<TeamInfo> CreateTeamAsync(Actor actor, string name, string? adminUsername);

    /// <summary>Every team with its members, by name (server admins only: SCIM lists them as groups).</summary>
    [Alias("ListTeams")]
    Task<IReadOnlyList<TeamInfo>> ListTeamsAsync(Actor actor);

    /// <summary>The entity with its members, or null when it does not exist or the actor may not read it.</summary>
    [Alias("GetTeam")]
    Task<TeamInfo?> GetTeamAsync(Actor actor, string name);

    /// <summary>
    /// Adds an existing user (by username or email) to a team, or changes their role; an email without an account gets
    /// a pending invite instead, which the account created later with that email accepts (see <see cref="TeamInvite"/>).
    /// </summary>
    [Alias("Invite")]
    Task<Invitation> InviteAsync(Actor actor, string team, string usernameOrEmail, string role);

    /// <summary>Withdraws a pending invite (team admins); false when the team has no such invite.</summary>
    [Alias("RevokeInvite")]
    Task<bool> RevokeInviteAsync(Actor actor, string team, long inviteId);

    /// <summary>Changes a member's role; the last admin of a team cannot be demoted.</summary>
    [Alias("SetRole")]
    Task SetRoleAsync(Actor actor, string team, long userId, string role);

    /// <summary>Removes a member; false when they were not one. The last admin cannot be removed.</summary>
    [Alias("RemoveMember")]
    Task<bool> RemoveMemberAsync(Actor actor, string team, long userId);

    /// <summary>Creates a service account in the team with one API key (readable later by team admins).</summary>
    [Alias("CreateServiceAccount")]
    Task<TeamMember> CreateServiceAccountAsync(Actor actor, string team, string description);

    /// <summary>Changes a project's visibility (entity admins) and/or description (writers).</summary>
    [Alias("UpdateProject")]
    Task<ProjectInfo> UpdateProjectAsync(Actor actor, string entity, string project, string? access, string? description);

    /// <summary>
    /// Deletes a project with its runs, their logs, history and files, and its artifacts, freeing their storage
    /// (entity admins only); false when it did not exist.
    /// </summary>
    [Alias("DeleteProject")]
    Task<bool> DeleteProjectAsync(Actor actor, string entity, string project);

    /// <summary>
    /// Creates a user without a password (server admins only; <c>api.create_user</c>) and an API key for them.
    /// The username defaults to the e-mail's local part.
    /// </summary>
    [Alias("CreateUser")]
    Task<CreatedUser> CreateUserAsync(Actor actor, string email, string? username, bool admin);

    /// <summary>Users whose username or email contains <paramref name="query"/>; server admins only.</summary>
    [Alias("SearchUsers")]
    Task<IReadOnlyList<UserIdentity>> SearchUsersAsync(Actor actor, string? query);
}
