namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>The artifact edit specification on the embedded profile.</summary>
public sealed class EmbeddedArtifactEditTests(EmbeddedArtifactAppFixture fixture)
    : ArtifactEditTests(fixture), IClassFixture<EmbeddedArtifactAppFixture>;
