using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>The live push specification on the embedded profile.</summary>
public sealed class EmbeddedLiveTests(EmbeddedLiveTests.Server server)
    : LiveTests(server), IClassFixture<EmbeddedLiveTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
