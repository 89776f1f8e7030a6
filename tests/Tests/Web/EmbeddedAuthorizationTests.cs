using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The authorization specification on the embedded profile.</summary>
public sealed class EmbeddedAuthorizationTests(EmbeddedAuthorizationTests.Server server)
    : AuthorizationTests(server), IClassFixture<EmbeddedAuthorizationTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
