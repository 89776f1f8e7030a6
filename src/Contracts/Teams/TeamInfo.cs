namespace Orleans.Wandb.Contracts.Teams;

/// <summary>An entity as its settings page and GraphQL <c>entity(name)</c> see it, with the members the caller may see.</summary>
/// <param name="CallerRole">The caller's role in the entity, or null for a server admin who is not a member.</param>
/// <param name="Invites">Pending invites, for those who manage the team (empty for everyone else).</param>
[GenerateSerializer, Immutable, Alias("wandb.team-info.v1")]
public sealed record TeamInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsTeam,
    [property: Id(3)] string? CallerRole,
    [property: Id(4)] IReadOnlyList<TeamMember> Members,
    [property: Id(5)] IReadOnlyList<TeamInvite> Invites);
