using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Replay;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The Go core's multipart artifact save and download against a 2-silo cluster; parts and files go to the blob store's URLs.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterGoCoreArtifactReplayTests : GoCoreArtifactReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
