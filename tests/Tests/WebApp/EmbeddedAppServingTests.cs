using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>The app serving specification on the embedded profile.</summary>
public sealed class EmbeddedAppServingTests(EmbeddedAppServingTests.Server server)
    : AppServingTests(server), IClassFixture<EmbeddedAppServingTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
