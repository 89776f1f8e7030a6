namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>Files of a version in path order, and whether more follow.</summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-file-page.v1")]
public sealed record ArtifactFilePage(
    [property: Id(0)] IReadOnlyList<ArtifactFileEntry> Files,
    [property: Id(1)] bool HasNextPage,
    [property: Id(2)] long TotalCount);
