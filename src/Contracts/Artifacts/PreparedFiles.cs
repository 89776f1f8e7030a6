namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// What <c>createArtifactFiles</c> answers for one version: the version, each content's status in request order, and
/// the versions the statuses name as birth artifacts (the version itself, or committed versions of the same project).
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.prepared-files.v1")]
public sealed record PreparedFiles(
    [property: Id(0)] ArtifactVersion Version,
    [property: Id(1)] IReadOnlyList<BlobStatus> Statuses,
    [property: Id(2)] IReadOnlyList<ArtifactVersion> Births);
