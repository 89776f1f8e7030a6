using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The chart endpoint specification on the embedded profile.</summary>
public sealed class EmbeddedChartEndpointTests(EmbeddedChartEndpointTests.Server server)
    : ChartEndpointTests(server), IClassFixture<EmbeddedChartEndpointTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}
