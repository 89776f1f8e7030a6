using Orleans.Wandb.Contracts.Projects;

namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// The directory of users, entities, API keys and ids, read from the metadata store through a short-lived
/// cache. A stateless worker: every silo answers locally, so authentication never funnels through one grain.
/// </summary>
[Alias("wandb.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The user an API key belongs to, or null for an unknown or revoked key or a deactivated user.</summary>
    [Alias("Authenticate")]
    ValueTask<UserIdentity?> AuthenticateAsync(string apiKey);

    /// <summary>
    /// The user's session stamp (<see cref="IUserSessionsGrain"/>), cached like every directory answer: a change made
    /// through <see cref="EndSessionsAsync"/> counts on this silo at the next request and on the others within the
    /// directory's poll interval.
    /// </summary>
    [Alias("GetSessionStamp")]
    ValueTask<long> GetSessionStampAsync(long userId);

    /// <summary>Ends every session of the user (logout, password change or reset) and announces it; returns the new stamp.</summary>
    [Alias("EndSessions")]
    Task<long> EndSessionsAsync(long userId);

    /// <summary>A user by id, or null.</summary>
    [Alias("GetUser")]
    ValueTask<UserIdentity?> GetUserAsync(long userId);

    /// <summary>
    /// True when the user is an instance admin who may act (<c>AccessPolicy.AdministersInstance</c>): the one rule's
    /// answer for instance-wide actions (users, SCIM, the audit log, storage, the cluster page), asked by the web layer.
    /// </summary>
    [Alias("AdministersInstance")]
    ValueTask<bool> AdministersInstanceAsync(long userId);

    /// <summary>The names of the entities (personal and teams) the user belongs to.</summary>
    [Alias("GetEntities")]
    ValueTask<IReadOnlyList<string>> GetEntitiesAsync(long userId);

    /// <summary>
    /// The user's level in the entity itself (its members, its team settings, its team-visible projects), by the one
    /// authorization rule (docs/architecture.md, "Authorization").
    /// </summary>
    [Alias("GetEntityAccess")]
    ValueTask<AccessLevel> GetEntityAccessAsync(long userId, string entity);

    /// <summary>
    /// The user's level in the project: its visibility (<see cref="ProjectAccess"/>) and the user's role in the owner
    /// entity decide. A project that does not exist yet is treated as team-visible.
    /// </summary>
    [Alias("GetProjectAccess")]
    ValueTask<AccessLevel> GetProjectAccessAsync(long userId, string entity, string project);

    /// <summary>True when the user's level in the project is at least <see cref="AccessLevel.Read"/>.</summary>
    [Alias("CanReadProject")]
    ValueTask<bool> CanReadProjectAsync(long userId, string entity, string project);

    /// <summary>True when the user's level in the project is at least <see cref="AccessLevel.Write"/> (runs, files, artifacts).</summary>
    [Alias("CanWriteProject")]
    ValueTask<bool> CanWriteProjectAsync(long userId, string entity, string project);

    /// <summary>The projects of an entity the user may read, ordered by name.</summary>
    [Alias("ListReadableProjects")]
    Task<IReadOnlyList<ProjectInfo>> ListReadableProjectsAsync(long userId, string entity);

    /// <summary>True when an entity (user or team) of that name exists.</summary>
    [Alias("EntityExists")]
    ValueTask<bool> EntityExistsAsync(string entity);

    /// <summary>The user's API keys, masked.</summary>
    [Alias("GetApiKeys")]
    Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync(long userId);

    /// <summary>Finds a run by its numeric storage id.</summary>
    [Alias("FindRun")]
    Task<RunLocation?> FindRunAsync(long runId);

    /// <summary>
    /// The person a service account names as the one behind its run (<c>WANDB_USERNAME</c>: a username, or an email):
    /// found only when <paramref name="callerId"/> is a service account of the team <paramref name="entity"/> and the
    /// person is a member of that team. Null otherwise; a service account naming someone else is logged as a warning.
    /// </summary>
    [Alias("FindRunHuman")]
    Task<UserIdentity?> FindRunHumanAsync(long callerId, string entity, string login);

    /// <summary>The projects of an entity, ordered by name.</summary>
    [Alias("ListProjects")]
    Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(string entity);
}
