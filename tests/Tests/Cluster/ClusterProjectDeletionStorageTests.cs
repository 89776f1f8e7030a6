using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Grains.Storage.Cluster;
using Orleans.Wandb.Tests.Infrastructure;
using Orleans.Wandb.Tests.Web;

namespace Orleans.Wandb.Tests.Cluster;

/// <summary>Project deletion frees storage on a 2-silo cluster: blobs in Azurite, listed from the container itself.</summary>
[Trait("Needs", "Cluster")]
public sealed class ClusterProjectDeletionStorageTests(ClusterProjectDeletionStorageTests.Server server)
    : ProjectDeletionStorageTests(server), IClassFixture<ClusterProjectDeletionStorageTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => WandbAppFactory.StartClusterAsync(silos: 2);

        public override async Task<IReadOnlyList<string>> StoredObjectsAsync()
        {
            var names = new List<string>();
            await foreach (var blob in Factory.Services.GetRequiredService<BlobContainerFactory>().Container.GetBlobsAsync())
            {
                names.Add("/" + blob.Name);
            }

            return names;
        }
    }
}
