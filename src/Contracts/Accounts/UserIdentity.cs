namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>Who is asking: the user an API key or a session belongs to.</summary>
/// <param name="Entity">The user's default (personal) entity, named after the username.</param>
/// <param name="Deactivated">
/// An admin deactivated the account (<see cref="IAccountsGrain.SetDeactivatedAsync"/>): it is nobody as a caller — no
/// sign-in, no key, no access — while its runs and projects stay where they are for everyone else.
/// </param>
[GenerateSerializer, Immutable, Alias("wandb.user-identity.v1")]
public sealed record UserIdentity(
    [property: Id(0)] long Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string Email,
    [property: Id(3)] bool Admin,
    [property: Id(4)] string Entity,
    [property: Id(5)] bool Deactivated = false);
