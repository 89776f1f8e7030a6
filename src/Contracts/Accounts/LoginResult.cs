namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>A successful password check, and whether the password must be changed before anything else.</summary>
[GenerateSerializer, Immutable, Alias("wandb.login-result.v1")]
public sealed record LoginResult(
    [property: Id(0)] UserIdentity User,
    [property: Id(1)] bool MustChangePassword);
