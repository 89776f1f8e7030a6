using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Sweeps;

/// <summary>The sweep agent protocol specification on the embedded profile (grain state in SQLite).</summary>
public sealed class EmbeddedSweepProtocolTests(EmbeddedSweepProtocolTests.Server server)
    : SweepProtocolTests(server), IClassFixture<EmbeddedSweepProtocolTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}
