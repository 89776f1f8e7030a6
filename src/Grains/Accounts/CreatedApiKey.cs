using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>A key just created: the plaintext <see cref="Key"/> exists only here, the store keeps its hash.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);
