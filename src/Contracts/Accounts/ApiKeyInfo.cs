namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>An API key as listed: never the key itself, only a masked form of it.</summary>
[GenerateSerializer, Immutable, Alias("wandb.api-key-info.v1")]
public sealed record ApiKeyInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string MaskedKey,
    [property: Id(2)] string? Description,
    [property: Id(3)] DateTimeOffset CreatedAt);
