using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// Teams, service accounts, project settings and the audit log, beside <see cref="IMetadataStore"/> in the same
/// database (the embedded store implements both; the cluster profile's MySQL store will too). The statements are
/// plain SQL both engines understand.
/// </summary>
public interface ITeamStore
{
    /// <summary>The entity's members with their roles and, for service accounts, the sealed key; by username.</summary>
    Task<IReadOnlyList<StoredMember>> ListMembersAsync(long entityId);

    /// <summary>The names of every team (not personal entities), in order.</summary>
    Task<IReadOnlyList<string>> ListTeamNamesAsync();

    /// <summary>Removes a membership; false when there was none.</summary>
    Task<bool> RemoveMembershipAsync(long entityId, long userId);

    /// <summary>Creates a service account user whose default entity is the team, as a member of it.</summary>
    Task<UserIdentity> InsertServiceAccountAsync(long teamEntityId, string username, string email, DateTimeOffset createdAt);

    /// <summary>Stores a service account's key by hash, with its encrypted form so team admins can read it back.</summary>
    Task<ApiKeyInfo> InsertSealedApiKeyAsync(
        long userId, string keyHash, string maskedKey, string sealedKey, string? description, DateTimeOffset createdAt);

    /// <summary>The project's visibility, or null when there is no such project.</summary>
    Task<string?> GetProjectAccessAsync(string entity, string project);

    /// <summary>Sets visibility and/or description (null leaves a field unchanged); false for an unknown project.</summary>
    Task<bool> UpdateProjectAsync(string entity, string project, string? access, string? description);

    /// <summary>Deletes a project with its run index and run-file rows; false when it did not exist.</summary>
    Task<bool> DeleteProjectAsync(string entity, string project);

    /// <summary>Invites an email without an account to the team, or changes the role of its pending invite.</summary>
    Task<TeamInvite> UpsertInviteAsync(long entityId, string email, string role, long invitedBy, DateTimeOffset at);

    /// <summary>The team's pending invites, oldest first.</summary>
    Task<IReadOnlyList<TeamInvite>> ListInvitesAsync(long entityId);

    /// <summary>Withdraws a pending invite of the team; false when there was none.</summary>
    Task<bool> DeleteInviteAsync(long entityId, long inviteId);

    /// <summary>Turns every invite of the email into a membership of the user, atomically; returns the invites taken.</summary>
    Task<IReadOnlyList<TeamInvite>> AcceptInvitesAsync(long userId, string email);

    /// <summary>Users whose username or email contains <paramref name="query"/> (all when null), by username.</summary>
    Task<IReadOnlyList<UserIdentity>> SearchUsersAsync(string? query, int limit);

    /// <summary>Appends an audit entry; <see cref="AuditEntry.Id"/> is assigned by the store.</summary>
    Task AppendAuditAsync(AuditEntry entry);

    /// <summary>Audit entries newest first, with ids below <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long? beforeId, int limit);
}
