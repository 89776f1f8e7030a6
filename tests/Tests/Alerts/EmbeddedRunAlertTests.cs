using Orleans.Wandb.Tests.Artifacts;

namespace Orleans.Wandb.Tests.Alerts;

/// <summary>The alert specification on the embedded profile.</summary>
public sealed class EmbeddedRunAlertTests(EmbeddedArtifactAppFixture fixture)
    : RunAlertTests(fixture), IClassFixture<EmbeddedArtifactAppFixture>;
