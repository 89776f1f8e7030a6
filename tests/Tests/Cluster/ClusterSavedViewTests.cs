using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Views;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The saved views specification on a 2-silo cluster (grain state in MySQL).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterSavedViewTests(ClusterSavedViewTests.Server server)
    : SavedViewTests(server), IClassFixture<ClusterSavedViewTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
