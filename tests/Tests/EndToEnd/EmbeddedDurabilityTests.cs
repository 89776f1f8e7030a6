using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.EndToEnd;

/// <summary>The durability specification on the embedded profile (one silo, SQLite, local disk).</summary>
[Trait("Needs", "Process")]
public sealed class EmbeddedDurabilityTests : DurabilityTests
{
    protected override Task<ServerDeployment> CreateDeploymentAsync() => Task.FromResult(ServerDeployment.Embedded());
}
