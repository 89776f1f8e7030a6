using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// The account and usage queries of the web app's settings and admin pages, beside <see cref="IMetadataStore"/>
/// in the same database (the embedded store implements both).
/// </summary>
public interface IAccountStore
{
    /// <summary>A user by email (case-insensitive), or null.</summary>
    Task<UserIdentity?> FindUserByEmailAsync(string email);

    /// <summary>Every user, by username.</summary>
    Task<IReadOnlyList<UserSummary>> ListUsersAsync();

    /// <summary>Replaces a user's password hash and its must-change flag; false for an unknown user.</summary>
    Task<bool> SetPasswordAsync(long userId, string passwordHash, bool mustChangePassword);

    /// <summary>Marks a user deactivated since <paramref name="at"/>, or active again (null); false for an unknown user.</summary>
    Task<bool> SetDeactivatedAsync(long userId, DateTimeOffset? at);

    /// <summary>Replaces a user's email address; false for an unknown user.</summary>
    Task<bool> SetEmailAsync(long userId, string email);

    /// <summary>Per project: how many runs it has and the bytes of its uploaded run files.</summary>
    Task<IReadOnlyList<ProjectFileUsage>> ListProjectFileUsageAsync();
}
