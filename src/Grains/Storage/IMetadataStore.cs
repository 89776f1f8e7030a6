using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// The relational metadata of the server: users, entities (users and teams), memberships, API keys,
/// projects, the run index (one row per run, what a project's run table needs) and run files.
/// SQLite in the embedded profile, MySQL in the cluster profile; callers never see SQL.
/// Failures to reach the database surface as <see cref="Contracts.Storage.StorageUnavailableException"/>.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Applies pending schema migrations; safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    // Users and entities

    /// <summary>How many users exist (the admin bootstrap runs when there are none).</summary>
    Task<long> CountUsersAsync();

    /// <summary>Creates a user and its personal entity (named after the username); fails when either name is taken.</summary>
    Task<UserIdentity> InsertUserAsync(NewUser user);

    /// <summary>A user by id, or null.</summary>
    Task<UserIdentity?> GetUserAsync(long userId);

    /// <summary>A user by username, or null.</summary>
    Task<UserIdentity?> FindUserByUsernameAsync(string username);

    /// <summary>The stored password hash and whether it must be changed, or null for an unknown user.</summary>
    Task<(string? PasswordHash, bool MustChangePassword)?> GetPasswordAsync(long userId);

    /// <summary>An entity (user or team) by name, or null.</summary>
    Task<EntityRecord?> GetEntityAsync(string name);

    /// <summary>Creates a team entity; fails when the name is taken.</summary>
    Task<EntityRecord> InsertTeamAsync(string name, DateTimeOffset createdAt);

    /// <summary>Adds the user to the entity with a role, or changes the role of an existing member.</summary>
    Task SetMembershipAsync(long entityId, long userId, string role);

    /// <summary>The user's role in the entity's membership list, or null when not a member.</summary>
    Task<string?> GetMembershipRoleAsync(long userId, string entity);

    /// <summary>The user's personal entity followed by the teams the user is a member of, by name.</summary>
    Task<IReadOnlyList<string>> ListEntitiesOfUserAsync(long userId);

    // API keys

    /// <summary>Stores an API key by its SHA-256 hash; returns what listings show.</summary>
    Task<ApiKeyInfo> InsertApiKeyAsync(long userId, string keyHash, string maskedKey, string? description, DateTimeOffset createdAt);

    /// <summary>The user owning a non-revoked key with that SHA-256 hash, or null.</summary>
    Task<UserIdentity?> FindUserByApiKeyHashAsync(string keyHash);

    /// <summary>The user's non-revoked keys, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(long userId);

    /// <summary>Revokes a key of the user; false when there was no such active key.</summary>
    Task<bool> RevokeApiKeyAsync(long userId, long keyId, DateTimeOffset revokedAt);

    // Projects

    /// <summary>Creates the project unless it exists; returns it either way.</summary>
    Task<ProjectInfo> EnsureProjectAsync(string entity, string name, long createdBy, DateTimeOffset createdAt);

    /// <summary>A project by entity and name (with its run count), or null.</summary>
    Task<ProjectInfo?> GetProjectAsync(string entity, string name);

    /// <summary>The projects of an entity, ordered by name.</summary>
    Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(string entity);

    // Run index

    /// <summary>
    /// Reserves the run's storage id: inserts the run row unless a run of that name exists, and returns the
    /// id either way (so a retried insert is harmless).
    /// </summary>
    Task<long> InsertRunAsync(string entity, string project, RunRow row);

    /// <summary>Replaces the indexed row of a run (by <see cref="RunRow.Id"/>).</summary>
    Task SaveRunRowAsync(string entity, string project, RunRow row, DateTimeOffset updatedAt);

    /// <summary>Removes a run's row and its file list (a deleted run).</summary>
    Task DeleteRunAsync(long runId);

    /// <summary>All indexed rows of a project's runs.</summary>
    Task<IReadOnlyList<RunRow>> ListRunRowsAsync(string entity, string project);

    /// <summary>Where the run with that storage id lives, or null.</summary>
    Task<RunLocation?> FindRunAsync(long runId);

    // Run files

    /// <summary>Inserts or replaces a run file; true when it was not there before.</summary>
    Task<bool> UpsertRunFileAsync(long runId, RunFileInfo file);

    /// <summary>The run's files, sorted by name.</summary>
    Task<IReadOnlyList<RunFileInfo>> ListRunFilesAsync(long runId);

    /// <summary>Removes the named files of a run; returns the names that existed.</summary>
    Task<IReadOnlyList<string>> DeleteRunFilesAsync(long runId, IReadOnlyList<string> names);
}
