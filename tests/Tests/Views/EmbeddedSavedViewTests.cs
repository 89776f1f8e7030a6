using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Views;

/// <summary>The saved views specification on the embedded profile (grain state in SQLite).</summary>
public sealed class EmbeddedSavedViewTests(EmbeddedSavedViewTests.Server server)
    : SavedViewTests(server), IClassFixture<EmbeddedSavedViewTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
    }
}
