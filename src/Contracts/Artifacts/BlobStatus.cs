namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// Whether the content a version is about to upload is already stored (then the client skips the upload) and
/// which version first stored it (the client writes that into the manifest as <c>birthArtifactID</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.blob-status.v1")]
public sealed record BlobStatus(
    [property: Id(0)] string Md5Hex,
    [property: Id(1)] bool Stored,
    [property: Id(2)] long BirthArtifactId);
