using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The login rate limit specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterLoginRateLimitTests(ClusterLoginRateLimitTests.Server server)
    : LoginRateLimitTests(server), IClassFixture<ClusterLoginRateLimitTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }
}
