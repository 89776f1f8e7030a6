namespace Orleans.Wandb.Contracts.Teams;

/// <summary>
/// What inviting someone to a team did: added an existing user (<see cref="Member"/>), or, for an email without an
/// account, left a pending invite (<see cref="Pending"/>). Exactly one is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.invitation.v1")]
public sealed record Invitation(
    [property: Id(0)] TeamMember? Member,
    [property: Id(1)] TeamInvite? Pending);
