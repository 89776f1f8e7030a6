using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The live push specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterLiveTests(ClusterLiveTests.Server server)
    : LiveTests(server), IClassFixture<ClusterLiveTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
