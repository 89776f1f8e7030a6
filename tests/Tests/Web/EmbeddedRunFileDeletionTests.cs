using Orleans.Wandb.Tests.Artifacts;

namespace Orleans.Wandb.Tests.Web;

/// <summary>The run file deletion specification on the embedded profile.</summary>
public sealed class EmbeddedRunFileDeletionTests(EmbeddedArtifactAppFixture fixture)
    : RunFileDeletionTests(fixture), IClassFixture<EmbeddedArtifactAppFixture>;
