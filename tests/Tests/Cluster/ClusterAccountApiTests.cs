using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.WebApp;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>The account and admin API specification on a 2-silo cluster.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterAccountApiTests(ClusterAccountApiTests.Server server)
    : AccountApiTests(server), IClassFixture<ClusterAccountApiTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2, Settings);
    }

    /// <summary>A blob store has no free space to report, so there is nothing to warn about.</summary>
    protected override void AssertFreeSpace(JsonNode report)
    {
        Assert.Null(report["freeBytes"]);
        Assert.False(report["lowDiskSpace"]!.GetValue<bool>());
    }
}
