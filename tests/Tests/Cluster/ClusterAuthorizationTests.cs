using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The authorization specification on a 2-silo cluster (MySQL metadata, blob storage).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterAuthorizationTests(ClusterAuthorizationTests.Server server)
    : AuthorizationTests(server), IClassFixture<ClusterAuthorizationTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
    }
}
