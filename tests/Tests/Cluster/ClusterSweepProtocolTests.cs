using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Sweeps;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The sweep agent protocol specification on a 2-silo cluster (grain state in MySQL).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSweepProtocolTests(ClusterSweepProtocolTests.Server server)
    : SweepProtocolTests(server), IClassFixture<ClusterSweepProtocolTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
