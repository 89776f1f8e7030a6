using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Charts;

/// <summary>Custom chart presets on the embedded profile (grain state in SQLite).</summary>
public sealed class EmbeddedCustomChartTests(EmbeddedCustomChartTests.Server server)
    : CustomChartTests(server), IClassFixture<EmbeddedCustomChartTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}
