using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The run file deletion specification on a 2-silo cluster (MariaDB, Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterRunFileDeletionTests(ClusterArtifactAppFixture fixture)
    : RunFileDeletionTests(fixture), IClassFixture<ClusterArtifactAppFixture>;
