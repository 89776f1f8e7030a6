using Orleans.Wandb.Contracts.Teams;

namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// Password logins and account changes for the web app: verifying and changing passwords, issuing and revoking API
/// keys, and the instance admin's user management. A stateless worker (key 0) over the metadata store; callers
/// (the HTTP layer) decide who may do what.
/// </summary>
[Alias("wandb.IAccountsGrain")]
public interface IAccountsGrain : IGrainWithIntegerKey
{
    /// <summary>The user whose email or username is <paramref name="login"/> when the password matches, else null.</summary>
    [Alias("VerifyLogin")]
    Task<LoginResult?> VerifyLoginAsync(string login, string password);

    /// <summary>
    /// The id of the account <paramref name="login"/> names (its email or its username), or null: sign-in throttling
    /// counts both names of one account in one bucket.
    /// </summary>
    [Alias("ResolveLogin")]
    Task<long?> ResolveLoginAsync(string login);

    /// <summary>Replaces the password when <paramref name="currentPassword"/> is right; false otherwise.</summary>
    [Alias("ChangePassword")]
    Task<bool> ChangePasswordAsync(long userId, string currentPassword, string newPassword);

    /// <summary>Creates an API key; the plaintext is in the answer this once only.</summary>
    [Alias("CreateApiKey")]
    Task<IssuedApiKey> CreateApiKeyAsync(long userId, string? description);

    /// <summary>Revokes one of the user's keys; false when the user has no such active key.</summary>
    [Alias("RevokeApiKey")]
    Task<bool> RevokeApiKeyAsync(long userId, long keyId);

    /// <summary>
    /// Creates an anonymous account (W&amp;B's <c>createAnonymousEntity</c>): a user named <c>anony-mouse-…</c> with its own
    /// entity, no password and one API key, which is returned; null when anonymous accounts are turned off (the
    /// default). Past the configured number of anonymous accounts it throws <see cref="Limits.CapExceededException"/>.
    /// </summary>
    [Alias("CreateAnonymousUser")]
    Task<IssuedApiKey?> CreateAnonymousUserAsync(string? address);

    /// <summary>Every user, by username.</summary>
    [Alias("ListUsers")]
    Task<IReadOnlyList<UserSummary>> ListUsersAsync();

    /// <summary>
    /// Creates a user who must change <paramref name="password"/> at first login, on behalf of <paramref name="actor"/>
    /// (audited); the user joins the teams that invited their email.
    /// </summary>
    [Alias("CreateUser")]
    Task<UserSummary> CreateUserAsync(Actor actor, string username, string email, string password, bool admin);

    /// <summary>
    /// Deactivates a user (every session ends and no key or password is accepted, on every silo, until reactivated;
    /// their runs and projects stay readable to whoever could read them) or reactivates one, on behalf of
    /// <paramref name="actor"/> (audited). The one way accounts are switched off: the admin page and SCIM use it.
    /// False for an unknown user; an admin cannot deactivate themselves (<see cref="ArgumentException"/>); an actor who is
    /// not an instance admin gets <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    [Alias("SetDeactivated")]
    Task<bool> SetDeactivatedAsync(Actor actor, long userId, bool deactivated);

    /// <summary>
    /// Creates a user without a password or API key for an identity provider (SCIM provisioning), on behalf of an
    /// instance admin (audited as <c>user.provision</c>); the user joins the teams that invited their email. A taken or
    /// invalid name or email is an <see cref="ArgumentException"/>; an actor who is not an instance admin gets
    /// <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    [Alias("ProvisionUser")]
    Task<UserSummary> ProvisionUserAsync(Actor actor, string username, string email);

    /// <summary>
    /// Changes a user's email address on behalf of an instance admin (audited as <c>user.email</c>); false for an
    /// unknown user, <see cref="ArgumentException"/> for an address that is invalid or another account's.
    /// </summary>
    [Alias("SetEmail")]
    Task<bool> SetEmailAsync(Actor actor, long userId, string email);

    /// <summary>Sets a new password that must be changed at the next login (audited); false for an unknown user.</summary>
    [Alias("ResetPassword")]
    Task<bool> ResetPasswordAsync(Actor actor, long userId, string password);
}
