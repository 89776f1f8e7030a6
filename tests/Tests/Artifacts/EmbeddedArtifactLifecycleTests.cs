namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>The artifact lifecycle specification on the embedded profile.</summary>
public sealed class EmbeddedArtifactLifecycleTests(EmbeddedArtifactAppFixture fixture)
    : ArtifactLifecycleTests(fixture), IClassFixture<EmbeddedArtifactAppFixture>;
