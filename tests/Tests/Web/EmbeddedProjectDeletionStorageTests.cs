using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Web;

/// <summary>Project deletion frees storage on the embedded profile: files under the data folder.</summary>
public sealed class EmbeddedProjectDeletionStorageTests(EmbeddedProjectDeletionStorageTests.Server server)
    : ProjectDeletionStorageTests(server), IClassFixture<EmbeddedProjectDeletionStorageTests.Server>
{
    public sealed class Server : App
    {
        protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());

        public override Task<IReadOnlyList<string>> StoredObjectsAsync() =>
            Task.FromResult<IReadOnlyList<string>>(Directory.EnumerateFiles(Factory.DataDir, "*", SearchOption.AllDirectories)
                .Select(path => "/" + NameOf(Path.GetRelativePath(Factory.DataDir, path)))
                .ToList());

        /// <summary>A data-folder path with the file store's objects named by their keys (<see cref="LocalFileLayout"/>).</summary>
        private static string NameOf(string relative)
        {
            var parts = relative.Split(Path.DirectorySeparatorChar, 2);
            return parts is ["files", var inStore] ? "files/" + (LocalFileLayout.KeyOf(inStore) ?? inStore) : relative.Replace(Path.DirectorySeparatorChar, '/');
        }
    }
}
