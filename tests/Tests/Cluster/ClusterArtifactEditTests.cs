using Orleans.Wandb.Tests.Artifacts;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The artifact edit specification on a 2-silo cluster (MariaDB, Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterArtifactEditTests(ClusterArtifactAppFixture fixture)
    : ArtifactEditTests(fixture), IClassFixture<ClusterArtifactAppFixture>;
