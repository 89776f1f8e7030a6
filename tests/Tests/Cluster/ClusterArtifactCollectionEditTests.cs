using Orleans.Wandb.Tests.Artifacts;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The collection edit specification on a 2-silo cluster (MariaDB, Azurite).</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterArtifactCollectionEditTests(ClusterArtifactAppFixture fixture)
    : ArtifactCollectionEditTests(fixture), IClassFixture<ClusterArtifactAppFixture>;
