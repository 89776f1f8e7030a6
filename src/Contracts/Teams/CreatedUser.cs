using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Contracts.Teams;

/// <summary>A user created by a server admin, with the API key made with it (plaintext this once only).</summary>
[GenerateSerializer, Immutable, Alias("wandb.created-user.v1")]
public sealed record CreatedUser(
    [property: Id(0)] UserIdentity User,
    [property: Id(1)] ApiKeyInfo KeyInfo,
    [property: Id(2)] string ApiKey);
