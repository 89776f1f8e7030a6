using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>The account and admin API specification on the embedded profile.</summary>
public sealed class EmbeddedAccountApiTests(EmbeddedAccountApiTests.Server server)
    : AccountApiTests(server), IClassFixture<EmbeddedAccountApiTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }

    /// <summary>The data folder's disk: its free and total space, and a warning below the (huge) threshold.</summary>
    protected override void AssertFreeSpace(JsonNode report)
    {
        Assert.True(report["freeBytes"]!.GetValue<long>() > 0);
        Assert.True(report["totalBytes"]!.GetValue<long>() >= report["freeBytes"]!.GetValue<long>());
        Assert.True(report["lowDiskSpace"]!.GetValue<bool>());
    }
}
