using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Security;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The table routes on a 2-silo cluster: tables and artifacts in Azurite, the store's versions its ETags, each silo
/// indexing a table on its own disk.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterMediaTableTests(ClusterMediaTableTests.Server server) : MediaTableTests(server), IClassFixture<ClusterMediaTableTests.Server>
{
    public sealed class Server : SecurityApp
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
