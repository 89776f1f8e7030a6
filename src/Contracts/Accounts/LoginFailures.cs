namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>How many sign-ins failed in the open window, and how long until it closes (zero when none is open).</summary>
[GenerateSerializer, Immutable, Alias("wandb.login-failures.v1")]
public sealed record LoginFailures(
    [property: Id(0)] int Count,
    [property: Id(1)] TimeSpan RetryAfter);
