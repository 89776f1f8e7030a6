using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Replay;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Resuming runs that never logged history, against a 2-silo cluster (MariaDB, Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterResumeOfRunWithoutHistoryTests : ResumeOfRunWithoutHistoryTests
{
    protected override Task<WandbAppFactory> StartAppAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
}
