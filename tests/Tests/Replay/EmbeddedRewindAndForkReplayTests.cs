using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>The Go core's rewind and fork against the embedded profile (one silo, SQLite, local disk), with a restart.</summary>
[Trait("Needs", "Process")]
public sealed class EmbeddedRewindAndForkReplayTests : RewindAndForkReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => Task.FromResult(ServerDeployment.Embedded());
}
