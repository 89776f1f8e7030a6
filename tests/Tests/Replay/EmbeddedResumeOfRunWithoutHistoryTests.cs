using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>Resuming runs that never logged history, against the embedded profile.</summary>
public sealed class EmbeddedResumeOfRunWithoutHistoryTests : ResumeOfRunWithoutHistoryTests
{
    protected override Task<WandbAppFactory> StartAppAsync() => Task.FromResult(new WandbAppFactory());
}
