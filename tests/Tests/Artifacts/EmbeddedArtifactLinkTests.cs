namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>The linking specification on the embedded profile.</summary>
public sealed class EmbeddedArtifactLinkTests(EmbeddedArtifactAppFixture fixture)
    : ArtifactLinkTests(fixture), IClassFixture<EmbeddedArtifactAppFixture>;
