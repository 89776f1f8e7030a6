using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>Two Go core writers in shared mode against the embedded profile, as a real server process.</summary>
[Trait("Needs", "Process")]
public sealed class EmbeddedGoCoreSharedModeReplayTests : GoCoreSharedModeReplayTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => Task.FromResult(ServerDeployment.Embedded());
}
