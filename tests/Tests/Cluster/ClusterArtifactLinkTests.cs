using Orleans.Wandb.Tests.Artifacts;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The linking specification on a 2-silo cluster (MariaDB, Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterArtifactLinkTests(ClusterArtifactAppFixture fixture)
    : ArtifactLinkTests(fixture), IClassFixture<ClusterArtifactAppFixture>;
