using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The client version policy on a 2-silo cluster (grain state in MariaDB).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterClientVersionPolicyTests : ClientVersionPolicyTests
{
    protected override Task<WandbAppFactory> StartAppAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
}
