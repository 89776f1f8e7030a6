using Orleans.Wandb.Tests.Alerts;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The alert specification on a 2-silo cluster (MariaDB, Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterRunAlertTests(ClusterArtifactAppFixture fixture)
    : RunAlertTests(fixture), IClassFixture<ClusterArtifactAppFixture>;
