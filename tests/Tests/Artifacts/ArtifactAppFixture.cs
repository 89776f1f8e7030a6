using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// One server of the profile under test for a class of artifact tests, with an owner and a stranger; each test uses
/// its own project. Subclasses say how the server starts and how to look into its file store.
/// </summary>
public abstract class ArtifactAppFixture : IAsyncLifetime
{
    public const string Owner = "artifact-owner";

    public WandbAppFactory App { get; private set; } = null!;

    public string OwnerKey { get; private set; } = "";

    public string StrangerKey { get; private set; } = "";

    public ArtifactClient OwnerClient(string project) => new(App.CreateWandbClient(OwnerKey), Owner, project);

    public ArtifactClient StrangerClient(string project) => new(App.CreateWandbClient(StrangerKey), Owner, project);

    /// <summary>A client of the server that leaves redirects to the test (which follows them as the W&amp;B clients do).</summary>
    public HttpClient ServerClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>How many contents the file store holds (one object per distinct MD5).</summary>
    public abstract Task<int> StoredContentCountAsync();

    /// <summary>True when the file store holds the file's content at its content-addressed key.</summary>
    public abstract Task<bool> IsStoredAsync(ArtifactFileSource file);

    public Task<StorageUsage> UsageAsync(string project) =>
        App.Grains.ArtifactRegistry().GetStorageUsageAsync(Owner, project);

    public async Task InitializeAsync()
    {
        App = await StartAsync();
        (_, OwnerKey) = await TestUsers.CreateAsync(App, Owner);
        (_, StrangerKey) = await TestUsers.CreateAsync(App, "artifact-stranger");
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh server of the profile under test.</summary>
    protected abstract Task<WandbAppFactory> StartAsync();
}
