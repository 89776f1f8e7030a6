using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The run lifecycle specification on a 2-silo cluster (storage failures there: <see cref="ClusterFaultTests"/>).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterRunLifecycleTests(ClusterRunLifecycleTests.Server server)
    : RunLifecycleTests(server), IClassFixture<ClusterRunLifecycleTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
