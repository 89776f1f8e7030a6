using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class ManifestRow
{
    public long Id { get; set; }
    public long ArtifactId { get; set; }
    public string Name { get; set; } = "";
    public string? Digest { get; set; }
    public long? UploadedAt { get; set; }
    public string Kind { get; set; } = ArtifactManifestKinds.Full;
    public long? BaseArtifactId { get; set; }

    public ArtifactManifestInfo ToInfo() => new(Id, ArtifactId, Name, Digest, UploadedAt is { } at ? EpochMs.ToTime(at) : null, Kind, BaseArtifactId);
}
