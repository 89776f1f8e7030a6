using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>
/// An API key as the account page lists it: its id is an opaque token of the store's number (<see cref="RelayIds.Token"/>,
/// URL-safe), so the ids of one's own keys do not count how many keys the server has issued.
/// </summary>
public sealed record ApiKeyView(string Id, string MaskedKey, string? Description, DateTimeOffset CreatedAt)
{
    public static ApiKeyView From(ApiKeyInfo key) => new(RelayIds.Token(key.Id), key.MaskedKey, key.Description, key.CreatedAt);
}

/// <summary>A new key with its plaintext, shown this once.</summary>
public sealed record IssuedKeyView(ApiKeyView Info, string Key);
