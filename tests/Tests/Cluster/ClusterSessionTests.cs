using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The web app session specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSessionTests(ClusterSessionTests.Server server)
    : SessionTests(server), IClassFixture<ClusterSessionTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
