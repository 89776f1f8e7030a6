using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>The Go core's run and resume against the embedded profile, as a real server process.</summary>
[Trait("Needs", "Process")]
public sealed class EmbeddedGoCoreRunReplayTests : GoCoreRunReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => Task.FromResult(ServerDeployment.Embedded());
}
