using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>The login rate limit specification on the embedded profile.</summary>
public sealed class EmbeddedLoginRateLimitTests(EmbeddedLoginRateLimitTests.Server server)
    : LoginRateLimitTests(server), IClassFixture<EmbeddedLoginRateLimitTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}
