namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>The collection edit specification on the embedded profile.</summary>
public sealed class EmbeddedArtifactCollectionEditTests(EmbeddedArtifactAppFixture fixture)
    : ArtifactCollectionEditTests(fixture), IClassFixture<EmbeddedArtifactAppFixture>;
