namespace Orleans.Wandb.Tests.Grains;

/// <summary>The grain tests share one test cluster; each test uses its own entity, project and run names.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
