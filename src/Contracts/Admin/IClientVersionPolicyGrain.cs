using Orleans.Wandb.Contracts.Teams;

namespace Orleans.Wandb.Contracts.Admin;

/// <summary>
/// The instance's <see cref="ClientVersionPolicy"/>, stored in grain state (SQLite or MySQL) and read by every
/// <c>serverInfo</c> query. One grain (key 0): it changes rarely and is small.
/// </summary>
[Alias("wandb.IClientVersionPolicyGrain")]
public interface IClientVersionPolicyGrain : IGrainWithIntegerKey
{
    /// <summary>The stored policy, or <see cref="ClientVersionPolicy.Default"/> when no admin has set one.</summary>
    [Alias("Get")]
    ValueTask<ClientVersionPolicy> GetAsync();

    /// <summary>
    /// Stores <paramref name="policy"/> and audits the change; callers check that <paramref name="actor"/> is an
    /// instance admin. Throws <see cref="ArgumentException"/> when <see cref="ClientVersionPolicyRules.Validate"/> refuses it.
    /// </summary>
    [Alias("Set")]
    Task SetAsync(Actor actor, ClientVersionPolicy policy);
}
