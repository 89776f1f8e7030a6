using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class FileRow
{
    public string Path { get; set; } = "";
    public string Digest { get; set; } = "";
    public string? Md5Hex { get; set; }
    public long SizeBytes { get; set; }
    public string? BirthArtifactId { get; set; }
    public string? Ref { get; set; }

    public ArtifactFileEntry ToEntry() => new(Path, Digest, Md5Hex, SizeBytes, BirthArtifactId, Ref);
}
