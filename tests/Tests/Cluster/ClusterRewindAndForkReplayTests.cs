using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Replay;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The Go core's rewind and fork against a 2-silo cluster (MariaDB, Azurite): the rewind record lives in the blob run
/// log, and after a full restart another silo than the writer serves the same runs.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterRewindAndForkReplayTests : RewindAndForkReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => ServerDeployment.ClusterAsync(silos: 2);
}
