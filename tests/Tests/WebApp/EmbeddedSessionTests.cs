using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>The web app session specification on the embedded profile.</summary>
public sealed class EmbeddedSessionTests(EmbeddedSessionTests.Server server)
    : SessionTests(server), IClassFixture<EmbeddedSessionTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
