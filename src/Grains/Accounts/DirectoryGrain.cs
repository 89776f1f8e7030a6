using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Grains.Authorization;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Authentication and access checks against the metadata store, through a short-lived per-activation cache:
/// every file_stream request authenticates and checks write access, and those answers rarely change.
/// A stateless worker, so each silo answers locally and nothing funnels through one activation.
/// <para>
/// Revocations are prompt although answers are cached: each cached answer carries the silo's
/// <see cref="DirectoryEpoch"/> as it was before the store was read, and is reused only while the epoch is unchanged.
/// A silo that commits a change advances its epoch at once (<see cref="DirectoryChanges"/>), so the very next request
/// there sees the change; other silos advance theirs when <see cref="DirectoryVersionWatcher"/> sees the cluster's
/// directory version move (within <see cref="DirectoryOptions.VersionPollInterval"/>). <see cref="CacheTtl"/> only
/// bounds what nobody announced, such as a row edited in the database by hand.
/// </para>
/// </summary>
[StatelessWorker]
internal sealed partial class DirectoryGrain(
    IMetadataStore store, ITeamStore teams, DirectoryEpoch epoch, DirectoryChanges changes, TimeProvider timeProvider, ILogger<DirectoryGrain> logger)
    : Grain, IDirectoryGrain
{
    /// <summary>How long an answer is reused at most, when no change is announced.</summary>
    internal static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(30);

    private const int MaxCacheEntries = 10_000;

    private readonly Dictionary<string, Cached<UserIdentity?>> _byKeyHash = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Cached<UserIdentity?>> _users = [];
    private readonly Dictionary<(long UserId, string Entity), Cached<string?>> _roles = [];
    private readonly Dictionary<long, Cached<long>> _sessionStamps = [];

    /// <inheritdoc />
    public async ValueTask<UserIdentity?> AuthenticateAsync(string apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return null;
        }

        var hash = ApiKeys.Hash(apiKey);
        if (TryGet(_byKeyHash, hash, out var cached))
        {
            return cached;
        }

        var readAt = epoch.Current;
        var found = await store.FindUserByApiKeyHashAsync(hash);
        var user = AccessPolicy.MayAct(found) ? found : null;

        // Unknown keys are cached too, briefly, so a client retrying with a bad key does not hit the database.
        Put(_byKeyHash, hash, user, user is null ? TimeSpan.FromSeconds(5) : CacheTtl, readAt);
        return user;
    }

    /// <inheritdoc />
    public async ValueTask<long> GetSessionStampAsync(long userId)
    {
        if (TryGet(_sessionStamps, userId, out var cached))
        {
            return cached;
        }

        var readAt = epoch.Current;
        var stamp = await GrainFactory.GetGrain<IUserSessionsGrain>(userId).GetStampAsync();
        Put(_sessionStamps, userId, stamp, CacheTtl, readAt);
        return stamp;
    }

    /// <inheritdoc />
    public async Task<long> EndSessionsAsync(long userId)
    {
        var stamp = await GrainFactory.GetGrain<IUserSessionsGrain>(userId).AdvanceAsync();

        // This worker runs on the silo that handled the request, so its epoch moves before the caller is answered.
        await changes.PublishAsync("session.end");
        return stamp;
    }

    /// <inheritdoc />
    public async ValueTask<UserIdentity?> GetUserAsync(long userId)
    {
        if (TryGet(_users, userId, out var cached))
        {
            return cached;
        }

        var readAt = epoch.Current;
        var user = await store.GetUserAsync(userId);
        Put(_users, userId, user, CacheTtl, readAt);
        return user;
    }

    /// <inheritdoc />
    public async ValueTask<bool> AdministersInstanceAsync(long userId) =>
        AccessPolicy.AdministersInstance(await GetUserAsync(userId));

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetEntitiesAsync(long userId) =>
        await store.ListEntitiesOfUserAsync(userId);

    /// <inheritdoc />
    public async ValueTask<AccessLevel> GetEntityAccessAsync(long userId, string entity) =>
        await GetUserAsync(userId) is { } user ? AccessPolicy.ForEntity(user, await RoleAsync(user, entity)) : AccessLevel.None;

    /// <inheritdoc />
    public async ValueTask<AccessLevel> GetProjectAccessAsync(long userId, string entity, string project) =>
        await ProjectLevelAsync(userId, entity, project, AccessLevel.Administer);

    /// <inheritdoc />
    public async ValueTask<bool> CanReadProjectAsync(long userId, string entity, string project) =>
        await ProjectLevelAsync(userId, entity, project, AccessLevel.Read) >= AccessLevel.Read;

    /// <inheritdoc />
    public async ValueTask<bool> CanWriteProjectAsync(long userId, string entity, string project) =>
        await ProjectLevelAsync(userId, entity, project, AccessLevel.Write) >= AccessLevel.Write;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectInfo>> ListReadableProjectsAsync(long userId, string entity)
    {
        if (await GetUserAsync(userId) is not { } user)
        {
            return [];
        }

        var role = await RoleAsync(user, entity);
        var readable = new List<ProjectInfo>();
        foreach (var project in await store.ListProjectsAsync(entity))
        {
            if (AccessPolicy.ForProject(user, role, project.Access) >= AccessLevel.Read)
            {
                readable.Add(project);
            }
        }

        return readable;
    }

    /// <inheritdoc />
    public async ValueTask<bool> EntityExistsAsync(string entity) => await store.GetEntityAsync(entity) is not null;

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync(long userId) => store.ListApiKeysAsync(userId);

    /// <inheritdoc />
    public Task<RunLocation?> FindRunAsync(long runId) => store.FindRunAsync(runId);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(string entity) => store.ListProjectsAsync(entity);

    /// <inheritdoc />
    public async Task<UserIdentity?> FindRunHumanAsync(long callerId, string entity, string login)
    {
        // Read uncached: it runs once per run upsert, and a member removed a moment ago must not be credited.
        if (await store.GetEntityAsync(entity) is not { Kind: EntityKinds.Team } team)
        {
            return null;
        }

        var members = await teams.ListMembersAsync(team.Id);
        if (!members.Any(m => m.UserId == callerId && m.Service))
        {
            // People name themselves in WANDB_USERNAME too; only service accounts log runs for someone else.
            return null;
        }

        var name = login.Trim();
        var human = members.FirstOrDefault(m => !m.Service && (name.Contains('@')
            ? string.Equals(m.Email, name, StringComparison.OrdinalIgnoreCase)
            : string.Equals(m.Username, name, StringComparison.Ordinal)));
        if (human is null)
        {
            LogUnknownHuman(logger, entity, callerId, name);
            return null;
        }

        return await GetUserAsync(human.UserId);
    }

    /// <summary>
    /// The caller's level in the project, asking the store for its visibility only when the membership alone (the
    /// level in a private project, the floor for every visibility) is below <paramref name="enough"/>: members — every
    /// file_stream and chart request — never wait on it. Visibility is read uncached, so making a project private
    /// takes effect at once; the lookup is one row by a unique index.
    /// </summary>
    private async ValueTask<AccessLevel> ProjectLevelAsync(long userId, string entity, string project, AccessLevel enough)
    {
        if (await GetUserAsync(userId) is not { } user)
        {
            return AccessLevel.None;
        }

        var role = await RoleAsync(user, entity);
        var floor = AccessPolicy.ForProject(user, role, ProjectAccess.Private);
        return floor >= enough ? floor : AccessPolicy.ForProject(user, role, await teams.GetProjectAccessAsync(entity, project));
    }

    /// <summary>The user's stored role in the entity (cached, see <see cref="CacheTtl"/>), or null.</summary>
    private async ValueTask<string?> RoleAsync(UserIdentity user, string entity)
    {
        if (!TryGet(_roles, (user.Id, entity), out var role))
        {
            var readAt = epoch.Current;
            role = await store.GetMembershipRoleAsync(user.Id, entity);
            Put(_roles, (user.Id, entity), role, CacheTtl, readAt);
        }

        return role;
    }

    private bool TryGet<TKey, TValue>(Dictionary<TKey, Cached<TValue>> cache, TKey key, out TValue value)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var entry) && entry.Epoch == epoch.Current && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private void Put<TKey, TValue>(Dictionary<TKey, Cached<TValue>> cache, TKey key, TValue value, TimeSpan ttl, long readAt)
        where TKey : notnull
    {
        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        cache[key] = new Cached<TValue>(value, timeProvider.GetUtcNow() + ttl, readAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service account {UserId} of {Entity} logs a run for '{Login}', who is not a member of {Entity}; the run records the service account only")]
    private static partial void LogUnknownHuman(ILogger logger, string entity, long userId, string login);

    /// <param name="Epoch">The <see cref="DirectoryEpoch"/> before the store was read: a change since makes it stale.</param>
    private readonly record struct Cached<T>(T Value, DateTimeOffset ExpiresAt, long Epoch);
}
