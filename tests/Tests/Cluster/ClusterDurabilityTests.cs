using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The durability specification on a 2-silo cluster: a full restart, and a kill -9 of every silo, keep every
/// acknowledged row, the summary and the run state (read back through another silo than the writer).
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterDurabilityTests : DurabilityTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
