namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>An entity (a user's personal namespace or a team) as stored.</summary>
/// <param name="Kind"><see cref="EntityKinds.User"/> or <see cref="EntityKinds.Team"/>.</param>
public sealed record EntityRecord(long Id, string Name, string Kind, DateTimeOffset CreatedAt);
