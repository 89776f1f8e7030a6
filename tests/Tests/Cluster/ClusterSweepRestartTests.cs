using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The sweep restart specification on a 2-silo cluster (grain state in MySQL), every silo killed with -9.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSweepRestartTests : SweepRestartTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
