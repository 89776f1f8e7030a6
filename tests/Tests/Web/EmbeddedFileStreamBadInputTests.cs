using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The file_stream bad-input specification on the embedded profile.</summary>
public sealed class EmbeddedFileStreamBadInputTests(EmbeddedFileStreamBadInputTests.Server server)
    : FileStreamBadInputTests(server), IClassFixture<EmbeddedFileStreamBadInputTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory(Settings));
    }
}
