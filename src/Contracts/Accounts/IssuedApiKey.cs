namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>A key just created: <see cref="Key"/> is the plaintext, shown once; the store keeps only its hash.</summary>
[GenerateSerializer, Immutable, Alias("wandb.issued-api-key.v1")]
public sealed record IssuedApiKey(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string Key);
