using Orleans.Wandb.Tests.Charts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Custom chart presets on a 2-silo cluster (grain state in MariaDB).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterCustomChartTests(ClusterCustomChartTests.Server server)
    : CustomChartTests(server), IClassFixture<ClusterCustomChartTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
