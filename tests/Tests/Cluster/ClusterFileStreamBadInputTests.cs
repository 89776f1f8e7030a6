using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The file_stream bad-input specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterFileStreamBadInputTests(ClusterFileStreamBadInputTests.Server server)
    : FileStreamBadInputTests(server), IClassFixture<ClusterFileStreamBadInputTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
