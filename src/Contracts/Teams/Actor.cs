namespace Orleans.Wandb.Contracts.Teams;

/// <summary>Who asks for a change and from where; the audit log records both.</summary>
/// <param name="Address">The client's IP address as the HTTP layer saw it, when known.</param>
[GenerateSerializer, Immutable, Alias("wandb.actor.v1")]
public sealed record Actor(
    [property: Id(0)] long UserId,
    [property: Id(1)] string? Address);
