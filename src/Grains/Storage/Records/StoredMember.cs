namespace Orleans.Wandb.Grains.Storage.Records;

/// <summary>A membership row joined with its user, as <see cref="ITeamStore.ListMembersAsync"/> reads it.</summary>
/// <param name="SealedKey">A service account's newest key, encrypted; null for people.</param>
public sealed record StoredMember(long UserId, string Username, string Email, string Role, bool Service, string? SealedKey);
