using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.EndToEnd;

/// <summary>The sweep restart specification on the embedded profile (grain state in SQLite).</summary>
[Trait("Needs", "Process")]
public sealed class EmbeddedSweepRestartTests : SweepRestartTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => Task.FromResult(ServerDeployment.Embedded());
}
