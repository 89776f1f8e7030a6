using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The app serving specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterAppServingTests(ClusterAppServingTests.Server server)
    : AppServingTests(server), IClassFixture<ClusterAppServingTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
