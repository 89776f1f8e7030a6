using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Tests.Artifacts;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>A 2-silo cluster (MariaDB, Azurite) for artifact tests; contents are blobs in its container.</summary>
public sealed class ClusterArtifactAppFixture : ArtifactAppFixture
{
    /// <summary>The cluster's blob container, as the silos reach it.</summary>
    public BlobContainerClient Container => App.Services.GetRequiredService<BlobContainerFactory>().Container;

    public override async Task<int> StoredContentCountAsync()
    {
        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = ArtifactObjects.Prefix + "md5/" }))
        {
            count++;
        }

        return count;
    }

    public override async Task<bool> IsStoredAsync(ArtifactFileSource file) =>
        await Container.GetBlobClient(ArtifactObjects.BlobKey(file.Md5Hex)).ExistsAsync();

    protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);
}
