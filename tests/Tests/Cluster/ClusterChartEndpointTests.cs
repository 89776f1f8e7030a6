using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The chart endpoint specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterChartEndpointTests(ClusterChartEndpointTests.Server server)
    : ChartEndpointTests(server), IClassFixture<ClusterChartEndpointTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
