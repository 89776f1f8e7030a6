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
                .Select(path => "/" + Path.GetRelativePath(Factory.DataDir, path).Replace(Path.DirectorySeparatorChar, '/'))
                .ToList());
    }
}
