namespace Orleans.Wandb.Contracts.Views;

/// <summary>A saved view: its spec is the client's JSON (a workspace's state, a report's blocks), stored as sent.</summary>
[GenerateSerializer, Immutable, Alias("wandb.saved-view.v1")]
public sealed record SavedView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Name,
    [property: Id(3)] string? DisplayName,
    [property: Id(4)] string? Description,
    [property: Id(5)] string Spec,
    [property: Id(6)] long UserId,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt);
