namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// One entry of an uploaded manifest: the path inside the artifact, its digest as written (base64 MD5 for stored
/// files), the hex MD5 of stored bytes (null for references such as <c>s3://…</c>, which the server never holds).
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.artifact-file.v1")]
public sealed record ArtifactFileEntry(
    [property: Id(0)] string Path,
    [property: Id(1)] string Digest,
    [property: Id(2)] string? Md5Hex,
    [property: Id(3)] long SizeBytes,
    [property: Id(4)] string? BirthArtifactId,
    [property: Id(5)] string? Ref);
