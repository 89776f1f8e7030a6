using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The revocation specification on the embedded profile: one silo, so the very next request is refused.</summary>
public sealed class EmbeddedRevocationTests(EmbeddedRevocationTests.Server server)
    : RevocationTests(server), IClassFixture<EmbeddedRevocationTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());

        public override WandbClient Changer(string apiKey) => Factory.CreateWandbClient(apiKey);

        public override Task<int> StatusAfterChangeAsync(Func<Task<int>> request, int expected) => request();
    }
}
