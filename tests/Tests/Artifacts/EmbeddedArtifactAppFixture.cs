using Orleans.Wandb.Grains.Storage.Embedded;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>An in-process embedded server for artifact tests; contents are files under the data folder.</summary>
public sealed class EmbeddedArtifactAppFixture : ArtifactAppFixture
{
    private string ContentFolder => Path.Combine(App.DataDir, "files", LocalFileLayout.CurrentFolder(["artifacts", "md5"]));

    public override Task<int> StoredContentCountAsync() =>
        Task.FromResult(Directory.Exists(ContentFolder) ? Directory.GetFiles(ContentFolder).Count(f => !Path.GetFileName(f).StartsWith('.')) : 0);

    public override Task<bool> IsStoredAsync(ArtifactFileSource file) => Task.FromResult(File.Exists(Path.Combine(ContentFolder, file.Md5Hex)));

    protected override Task<WandbAppFactory> StartAsync() => Task.FromResult(new WandbAppFactory());
}
