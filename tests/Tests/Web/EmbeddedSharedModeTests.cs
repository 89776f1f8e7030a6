using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The shared-mode specification on the embedded profile.</summary>
public sealed class EmbeddedSharedModeTests(EmbeddedSharedModeTests.Server server)
    : SharedModeTests(server), IClassFixture<EmbeddedSharedModeTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}
