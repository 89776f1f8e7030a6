using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The shared-mode specification on a 2-silo cluster (writers reach the run through either silo's grain calls).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSharedModeTests(ClusterSharedModeTests.Server server)
    : SharedModeTests(server), IClassFixture<ClusterSharedModeTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
