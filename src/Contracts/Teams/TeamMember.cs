namespace Orleans.Wandb.Contracts.Teams;

/// <summary>One member of a team (a person or a service account) as the team's pages and <c>Entity.members</c> show it.</summary>
/// <param name="Role">admin, member or viewer.</param>
/// <param name="Service">True for a service account (GraphQL <c>accountType: SERVICE</c>).</param>
/// <param name="ServiceKey">A service account's API key in plain text, revealed to team admins only; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("wandb.team-member.v1")]
public sealed record TeamMember(
    [property: Id(0)] long UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] string? Email,
    [property: Id(3)] string Role,
    [property: Id(4)] bool Service,
    [property: Id(5)] string? ServiceKey);
