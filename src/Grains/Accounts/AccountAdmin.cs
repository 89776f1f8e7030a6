using System.Security.Cryptography;
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
/// <param name="hasher">ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> unless a test watches it.</param>
public sealed class AccountAdmin(IMetadataStore store, TimeProvider timeProvider, IPasswordHasher<UserIdentity>? hasher = null)
{
    private readonly IPasswordHasher<UserIdentity> _hasher = hasher ?? new PasswordHasher<UserIdentity>();

    // What a sign-in for an unknown name (or a user without a password) is checked against, made by the same hasher
    // with the same cost, so a wrong name costs what a wrong password costs and the time taken reveals nothing.
    private readonly Lazy<string> _unknownUserHash = new(() =>
        (hasher ?? new PasswordHasher<UserIdentity>()).HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    /// <summary>Creates a user with its personal entity; a null password means password login is disabled.</summary>
    public Task<UserIdentity> CreateUserAsync(
        string username, string email, string? password, bool admin, bool mustChangePassword = false)
    {
        Names.EnsureValid(username, "user");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
        {
            throw new ArgumentException($"'{email}' is not an email address.", nameof(email));
        }

        var hash = password is null ? null : HashPassword(password);
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
    public string HashPassword(string password) => _hasher.HashPassword(null!, password);

    /// <summary>
    /// The user when the password matches, else null. Always exactly one hash verification of the same cost: an
    /// unknown user, or one without a password, is checked against a hash no password matches.
    /// </summary>
    public async Task<UserIdentity?> VerifyPasswordAsync(UserIdentity? user, string password)
    {
        var stored = user is null ? null : (await store.GetPasswordAsync(user.Id))?.PasswordHash;
        var matches = _hasher.VerifyHashedPassword(user!, stored ?? _unknownUserHash.Value, password) != PasswordVerificationResult.Failed;
        return matches && stored is not null ? user : null;
    }

    /// <summary>The user named <paramref name="username"/> when the password matches, else null (see the overload).</summary>
    public async Task<UserIdentity?> VerifyPasswordAsync(string username, string password) =>
        await VerifyPasswordAsync(await store.FindUserByUsernameAsync(username), password);
}
