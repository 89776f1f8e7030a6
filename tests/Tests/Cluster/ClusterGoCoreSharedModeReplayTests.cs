using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Replay;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Two Go core writers in shared mode against a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterGoCoreSharedModeReplayTests : GoCoreSharedModeReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
