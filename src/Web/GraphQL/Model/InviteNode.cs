using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// An <c>Invite</c>: a pending invite of an email without an account, or, when the invitee already had one, the
/// membership that was granted at once (<see cref="ToUser"/> set, not <see cref="Pending"/>).
/// </summary>
public sealed record InviteNode(string Id, string Name, string? Email, DateTimeOffset CreatedAt, string Role, bool Pending, UserIdentity? ToUser);
