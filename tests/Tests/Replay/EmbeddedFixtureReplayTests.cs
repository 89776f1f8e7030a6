using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>The recorded client traffic against the embedded profile (one silo, SQLite, local disk).</summary>
public sealed class EmbeddedFixtureReplayTests : FixtureReplayTests
{
    protected override Task<WandbAppFactory> StartAppAsync() => Task.FromResult(new WandbAppFactory());
}
