namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>The outcome of a save flow: the version's id, the state <c>createArtifact</c> answered, and how many file PUTs were sent.</summary>
public sealed record LoggedArtifact(string Id, string CreatedState, int FileUploads);
