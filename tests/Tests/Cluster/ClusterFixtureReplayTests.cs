using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Replay;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>
/// The recorded client traffic against a 2-silo cluster (MariaDB, Azurite): uploads and downloads go to the blob
/// store through SAS URLs, and files register with their run from the store's listing.
/// </summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterFixtureReplayTests : FixtureReplayTests
{
    protected override Task<WandbAppFactory> StartAppAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
}
