namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The server a specification runs against, one per test class: the embedded profile or a cluster, as the subclass's
/// <see cref="StartAsync"/> says. This is how one specification runs on both profiles (an abstract test class taking
/// it, an Embedded* and a Cluster* subclass).
/// </summary>
public abstract class ProfileServer : IAsyncLifetime
{
    public WandbAppFactory Factory { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Factory = await StartAsync();

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh server of the profile under test.</summary>
    protected abstract Task<WandbAppFactory> StartAsync();
}
