namespace Orleans.Wandb.Contracts.Teams;

/// <summary>
/// A pending invitation of an email address that has no account yet: whoever is created with that email joins
/// <see cref="Team"/> with <see cref="Role"/>, and the invite is gone.
/// </summary>
/// <param name="InvitedBy">The username of the team admin who invited, when that user still exists.</param>
[GenerateSerializer, Immutable, Alias("wandb.team-invite.v1")]
public sealed record TeamInvite(
    [property: Id(0)] long Id,
    [property: Id(1)] string Team,
    [property: Id(2)] string Email,
    [property: Id(3)] string Role,
    [property: Id(4)] string? InvitedBy,
    [property: Id(5)] DateTimeOffset CreatedAt);
