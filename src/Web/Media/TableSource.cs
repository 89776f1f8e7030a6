namespace Orleans.Wandb.Web.Media;

/// <summary>Where a served table was read from, so that its cells' files are fetched from the same place: a run's files or an artifact.</summary>
internal sealed record TableSource(string Kind, long? ArtifactId, string Entity, string Project, string? Run);
