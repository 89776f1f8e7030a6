using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The storage endpoint specification on the embedded profile.</summary>
public sealed class EmbeddedStorageEndpointTests(EmbeddedStorageEndpointTests.Server server)
    : StorageEndpointTests(server), IClassFixture<EmbeddedStorageEndpointTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
