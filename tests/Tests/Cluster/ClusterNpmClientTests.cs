using Orleans.Wandb.Tests.EndToEnd;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The npm client specification on a 2-silo cluster: it logs through one silo and reads back through the other.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterNpmClientTests : NpmClientTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
