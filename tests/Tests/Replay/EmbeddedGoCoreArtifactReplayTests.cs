using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>The Go core's multipart artifact save and download against the embedded profile, as a real server process.</summary>
[Trait("Needs", "Process")]
public sealed class EmbeddedGoCoreArtifactReplayTests : GoCoreArtifactReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => Task.FromResult(ServerDeployment.Embedded());
}
