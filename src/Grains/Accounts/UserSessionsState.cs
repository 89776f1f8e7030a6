namespace Orleans.Wandb.Grains.Accounts;

/// <summary>The stored session stamp of one user.</summary>
[GenerateSerializer, Alias("wandb.user-sessions-state.v1")]
internal sealed class UserSessionsState
{
    [Id(0)] public long Stamp { get; set; }
}
