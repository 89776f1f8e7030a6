using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Replay;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The Go core's run and resume against a 2-silo cluster; files go straight to the blob store's URLs.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterGoCoreRunReplayTests : GoCoreRunReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
