using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Grains.Authorization;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Teams;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Password logins and account changes over the metadata store (see <see cref="IAccountsGrain"/>). Stateless:
/// every silo answers locally and nothing is cached, so a changed password counts at once.
/// </summary>
[StatelessWorker]
internal sealed class AccountsGrain(
    AccountAdmin accounts,
    IMetadataStore metadata,
    IAccountStore store,
    DirectoryChanges changes,
    InviteAcceptance invites,
    IOptions<AnonymousOptions> anonymous,
    TimeProvider time)
    : Grain, IAccountsGrain
{
    /// <summary>How W&amp;B names anonymous users; also how they are counted against <see cref="AnonymousOptions.MaxUsers"/>.</summary>
    public const string AnonymousPrefix = "anony-mouse-";

    /// <inheritdoc />
    public async Task<LoginResult?> VerifyLoginAsync(string login, string password)
    {
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        // Verified first, so a deactivated account costs what any other does.
        if (await accounts.VerifyPasswordAsync(await FindLoginAsync(login), password) is not { } user || !AccessPolicy.MayAct(user))
        {
            return null;
        }

        var stored = await metadata.GetPasswordAsync(user.Id);
        return new LoginResult(user, stored?.MustChangePassword ?? false);
    }

    /// <inheritdoc />
    public async Task<long?> ResolveLoginAsync(string login) =>
        string.IsNullOrWhiteSpace(login) ? null : (await FindLoginAsync(login))?.Id;

    /// <inheritdoc />
    public async Task<bool> ChangePasswordAsync(long userId, string currentPassword, string newPassword)
    {
        PasswordRules.EnsureAcceptable(newPassword);
        var user = await metadata.GetUserAsync(userId);
        if (await accounts.VerifyPasswordAsync(user, currentPassword) is null)
        {
            return false;
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            throw new ArgumentException("The new password must differ from the current one.", nameof(newPassword));
        }

        if (!await store.SetPasswordAsync(userId, accounts.HashPassword(newPassword), mustChangePassword: false))
        {
            return false;
        }

        // Whoever knew the old password may hold a session: a new password ends them all.
        await GrainFactory.Directory().EndSessionsAsync(userId);
        return true;
    }

    /// <inheritdoc />
    public async Task<IssuedApiKey> CreateApiKeyAsync(long userId, string? description)
    {
        var created = await accounts.CreateApiKeyAsync(userId, string.IsNullOrWhiteSpace(description) ? null : description.Trim());
        return new IssuedApiKey(created.Info, created.Key);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeApiKeyAsync(long userId, long keyId)
    {
        var revoked = await metadata.RevokeApiKeyAsync(userId, keyId, time.GetUtcNow());
        if (revoked)
        {
            await changes.PublishAsync("apikey.revoke");
        }

        return revoked;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSummary>> ListUsersAsync() => store.ListUsersAsync();

    /// <inheritdoc />
    public async Task<IssuedApiKey?> CreateAnonymousUserAsync(string? address)
    {
        var settings = anonymous.Value;
        if (!settings.Enabled)
        {
            return null;
        }

        var existing = (await store.ListUsersAsync()).Count(u => u.Username.StartsWith(AnonymousPrefix, StringComparison.Ordinal));
        if (existing >= settings.MaxUsers)
        {
            throw new CapExceededException(
                $"This server holds at most {settings.MaxUsers} anonymous accounts and has no room for another; ask its administrator for an account.");
        }

        // 60 random bits: names are unguessable and a clash (a taken name) is refused by the store, never merged.
        var username = AnonymousPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()[..15];
        var user = await accounts.CreateUserAsync(username, $"{username}@anonymous.invalid", password: null, admin: false);
        var key = await accounts.CreateApiKeyAsync(user.Id, "anonymous login");
        await GrainFactory.AuditLog().AppendAsync(new Actor(user.Id, address), "user.create-anonymous", $"user/{user.Username}", key.Info.MaskedKey);
        return new IssuedApiKey(key.Info, key.Key);
    }

    /// <inheritdoc />
    public async Task<UserSummary> CreateUserAsync(Actor actor, string username, string email, string password, bool admin)
    {
        Names.EnsureValid(username, "user");
        PasswordRules.EnsureAcceptable(password);
        UserIdentity user;
        try
        {
            user = await accounts.CreateUserAsync(username, email.Trim(), password, admin, mustChangePassword: true);
        }
        catch (InvalidOperationException e)
        {
            // A taken name or email is the caller's mistake, not a server fault.
            throw new ArgumentException(e.Message, nameof(username), e);
        }

        await GrainFactory.AuditLog().AppendAsync(actor, "user.create", $"user/{user.Username}", admin ? "admin" : null);
        await invites.AcceptAsync(actor, user);
        return new UserSummary(user.Id, user.Username, user.Email, user.Admin, MustChangePassword: true, time.GetUtcNow());
    }

    /// <inheritdoc />
    public async Task<bool> SetDeactivatedAsync(Actor actor, long userId, bool deactivated)
    {
        // Checked here, not only by the callers (admin page, GraphQL, SCIM): whoever reaches this grain, the rule holds.
        if (!AccessPolicy.AdministersInstance(await metadata.GetUserAsync(actor.UserId)))
        {
            throw new UnauthorizedAccessException("Only instance admins may deactivate or reactivate accounts.");
        }

        if (deactivated && actor.UserId == userId)
        {
            throw new ArgumentException("You cannot deactivate your own account.", nameof(userId));
        }

        if (await metadata.GetUserAsync(userId) is not { } user)
        {
            return false;
        }

        if (!await store.SetDeactivatedAsync(userId, deactivated ? time.GetUtcNow() : null))
        {
            return false;
        }

        if (deactivated)
        {
            // Ends every session and announces the change, so cached key lookups on every silo are dropped with it.
            await GrainFactory.Directory().EndSessionsAsync(userId);
        }
        else
        {
            await changes.PublishAsync("user.reactivate");
        }

        await GrainFactory.AuditLog().AppendAsync(actor, deactivated ? "user.deactivate" : "user.reactivate", $"user/{user.Username}", null);
        return true;
    }

    /// <inheritdoc />
    public async Task<UserSummary> ProvisionUserAsync(Actor actor, string username, string email)
    {
        await RequireInstanceAdminAsync(actor, "provision users");
        Names.EnsureValid(username, "user");
        if (await store.FindUserByEmailAsync(email.Trim()) is not null)
        {
            throw new ArgumentException($"The email '{email.Trim()}' belongs to another account.", nameof(email));
        }

        UserIdentity user;
        try
        {
            user = await accounts.CreateUserAsync(username, email.Trim(), password: null, admin: false);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, nameof(username), e);
        }

        await GrainFactory.AuditLog().AppendAsync(actor, "user.provision", $"user/{user.Username}", null);
        await invites.AcceptAsync(actor, user);
        return new UserSummary(user.Id, user.Username, user.Email, user.Admin, MustChangePassword: false, time.GetUtcNow());
    }

    /// <inheritdoc />
    public async Task<bool> SetEmailAsync(Actor actor, long userId, string email)
    {
        await RequireInstanceAdminAsync(actor, "change e-mail addresses");
        email = email.Trim();
        if (email.Length is 0 or > 254 || !email.Contains('@'))
        {
            throw new ArgumentException($"'{email}' is not an email address.", nameof(email));
        }

        if (await metadata.GetUserAsync(userId) is not { } user)
        {
            return false;
        }

        if (await store.FindUserByEmailAsync(email) is { } holder && holder.Id != userId)
        {
            throw new ArgumentException($"The email '{email}' belongs to another account.", nameof(email));
        }

        if (string.Equals(user.Email, email, StringComparison.Ordinal))
        {
            return true;
        }

        await store.SetEmailAsync(userId, email);

        // Cached identities carry the address: every silo drops them.
        await changes.PublishAsync("user.email");
        await GrainFactory.AuditLog().AppendAsync(actor, "user.email", $"user/{user.Username}", null);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> ResetPasswordAsync(Actor actor, long userId, string password)
    {
        PasswordRules.EnsureAcceptable(password);
        if (!await store.SetPasswordAsync(userId, accounts.HashPassword(password), mustChangePassword: true))
        {
            return false;
        }

        // The reset is for a password that may be known to someone else: their sessions end with it.
        await GrainFactory.Directory().EndSessionsAsync(userId);
        var user = await metadata.GetUserAsync(userId);
        await GrainFactory.AuditLog().AppendAsync(actor, "user.password.reset", $"user/{user?.Username ?? userId.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null);
        return true;
    }

    private async Task RequireInstanceAdminAsync(Actor actor, string what)
    {
        if (!AccessPolicy.AdministersInstance(await metadata.GetUserAsync(actor.UserId)))
        {
            throw new UnauthorizedAccessException($"Only instance admins may {what}.");
        }
    }

    /// <summary>The account a sign-in name names: an email (it has an '@') or a username.</summary>
    private async Task<UserIdentity?> FindLoginAsync(string login) =>
        login.Contains('@') ? await store.FindUserByEmailAsync(login.Trim()) : await metadata.FindUserByUsernameAsync(login.Trim());
}
