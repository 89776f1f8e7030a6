using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>
/// A user as the admin page lists it. The id is the opaque token of the store's number (<see cref="RelayIds.Token"/>,
/// the same id SCIM gives the user), so the admin API neither counts users nor answers a guessed number.
/// </summary>
public sealed record AdminUserView(
    string Id,
    string Username,
    string Email,
    bool Admin,
    bool MustChangePassword,
    DateTimeOffset CreatedAt,
    bool Deactivated)
{
    /// <summary>Longest id the admin routes read; a token is 22 characters.</summary>
    public const int MaxIdLength = 64;

    public static AdminUserView From(UserSummary user) =>
        new(RelayIds.Token(user.Id), user.Username, user.Email, user.Admin, user.MustChangePassword, user.CreatedAt, user.Deactivated);

    /// <summary>The store's number of a user id this server handed out; false for anything else (bare numbers included).</summary>
    public static bool TryParseId(string? id, out long number)
    {
        number = 0;
        return id is { Length: > 0 and <= MaxIdLength } && RelayIds.TryDecodeToken(id, out number);
    }
}
