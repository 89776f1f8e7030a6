namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>A user as the admin page lists it (never a password or key).</summary>
[GenerateSerializer, Immutable, Alias("wandb.user-summary.v1")]
public sealed record UserSummary(
    [property: Id(0)] long Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string Email,
    [property: Id(3)] bool Admin,
    [property: Id(4)] bool MustChangePassword,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] bool Deactivated = false);
