using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The storage endpoint specification on a 2-silo cluster (blob storage; keyed downloads redirect to Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterStorageEndpointTests(ClusterStorageEndpointTests.Server server)
    : StorageEndpointTests(server), IClassFixture<ClusterStorageEndpointTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
