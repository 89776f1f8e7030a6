using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>One in-process server for the artifact tests, with an owner and a stranger; each test uses its own project.</summary>
public sealed class ArtifactAppFixture : IAsyncLifetime
{
    public const string Owner = "artifact-owner";

    public WandbAppFactory App { get; } = new();

    public string OwnerKey { get; private set; } = "";

    public string StrangerKey { get; private set; } = "";

    public ArtifactClient OwnerClient(string project) => new(App.CreateWandbClient(OwnerKey), Owner, project);

    public ArtifactClient StrangerClient(string project) => new(App.CreateWandbClient(StrangerKey), Owner, project);

    /// <summary>How many contents the file store holds (one object per distinct MD5).</summary>
    public int StoredContentCount()
    {
        var folder = Path.Combine(App.DataDir, "files", "artifacts", "md5");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Count(f => !Path.GetFileName(f).StartsWith('.')) : 0;
    }

    public bool IsStored(ArtifactFileSource file) => File.Exists(Path.Combine(App.DataDir, "files", "artifacts", "md5", file.Md5Hex));

    public Task<StorageUsage> UsageAsync(string project) =>
        App.Grains.GetGrain<IArtifactRegistryGrain>(0).GetStorageUsageAsync(Owner, project);

    public async Task InitializeAsync()
    {
        (_, OwnerKey) = await TestUsers.CreateAsync(App, Owner);
        (_, StrangerKey) = await TestUsers.CreateAsync(App, "artifact-stranger");
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
