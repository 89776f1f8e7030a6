namespace Orleans.Wandb.Tests.Infrastructure;

/// <summary>
/// The server a profile-independent specification runs against: each profile's test class (embedded, cluster)
/// says how to start it, and xUnit shares it across the class's tests.
/// </summary>
public abstract class ProfileApp : IAsyncLifetime
{
    public WandbAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync() => Factory = await StartAsync();

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh server of the profile under test.</summary>
    protected abstract Task<WandbAppFactory> StartAsync();
}
