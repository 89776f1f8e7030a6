using Microsoft.AspNetCore.Identity;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Creating users, API keys and teams: hashing passwords and keys, choosing key shapes, checking names.
/// Used by the admin bootstrap, the GraphQL admin mutations and tests; reads go through the directory grain.
/// </summary>
public sealed class AccountAdmin(IMetadataStore store, TimeProvider timeProvider)
{
    private static readonly PasswordHasher<UserIdentity> Hasher = new();

    /// <summary>Creates a user with its personal entity; a null password means password login is disabled.</summary>
    public Task<UserIdentity> CreateUserAsync(
        string username, string email, string? password, bool admin, bool mustChangePassword = false)
    {
        Names.EnsureValid(username, "user");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
        {
            throw new ArgumentException($"'{email}' is not an email address.", nameof(email));
        }

        var hash = password is null ? null : Hasher.HashPassword(null!, password);
        return store.InsertUserAsync(new NewUser(username, email, hash, mustChangePassword, admin, timeProvider.GetUtcNow()));
    }

    /// <summary>Creates a new random API key for the user; the plaintext is returned this once only.</summary>
    public async Task<CreatedApiKey> CreateApiKeyAsync(long userId, string? description)
    {
        var key = ApiKeys.Generate();
        var info = await AddApiKeyAsync(userId, key, description);
        return new CreatedApiKey(info, key);
    }

    /// <summary>Stores a key chosen elsewhere (e.g. <c>ADMIN_API_KEY</c>) after checking its shape.</summary>
    public Task<ApiKeyInfo> AddApiKeyAsync(long userId, string key, string? description)
    {
        if (!ApiKeys.HasValidShape(key))
        {
            throw new ArgumentException(
                "An API key needs at least 40 characters of [A-Za-z0-9_-] after its first '-'.", nameof(key));
        }

        return store.InsertApiKeyAsync(userId, ApiKeys.Hash(key), ApiKeys.Mask(key), description, timeProvider.GetUtcNow());
    }

    /// <summary>Creates a team whose first admin is <paramref name="ownerUserId"/>.</summary>
    public async Task<EntityRecord> CreateTeamAsync(string name, long ownerUserId)
    {
        Names.EnsureValid(name, "team");
        if (await store.GetUserAsync(ownerUserId) is null)
        {
            throw new ArgumentException($"User {ownerUserId} does not exist.", nameof(ownerUserId));
        }

        var team = await store.InsertTeamAsync(name, timeProvider.GetUtcNow());
        await store.SetMembershipAsync(team.Id, ownerUserId, MemberRoles.Admin);
        return team;
    }

    /// <summary>Adds a user to a team with a role (<see cref="MemberRoles"/>), or changes the role.</summary>
    public async Task AddMemberAsync(string team, long userId, string role = MemberRoles.Member)
    {
        var entity = await store.GetEntityAsync(team);
        if (entity is not { Kind: EntityKinds.Team })
        {
            throw new ArgumentException($"There is no team named '{team}'.", nameof(team));
        }

        await store.SetMembershipAsync(entity.Id, userId, role);
    }

    /// <summary>The stored form of a password (ASP.NET Core Identity's hasher: PBKDF2 with a per-password salt).</summary>
    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    /// <summary>The user when the password matches, else null.</summary>
    public async Task<UserIdentity?> VerifyPasswordAsync(string username, string password)
    {
        var user = await store.FindUserByUsernameAsync(username);
        if (user is null || await store.GetPasswordAsync(user.Id) is not { PasswordHash: { } hash })
        {
            return null;
        }

        return Hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed ? null : user;
    }
}
