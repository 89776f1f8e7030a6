using Orleans.Wandb.Contracts.Admin;

namespace Orleans.Wandb.Grains.Admin;

/// <summary>The stored client version policy; null until an admin sets one (the default then applies).</summary>
[GenerateSerializer, Alias("wandb.client-version-policy-state.v1")]
internal sealed class ClientVersionPolicyState
{
    [Id(0)] public ClientVersionPolicy? Policy { get; set; }
}
