using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class CollectionRow
{
    public long Id { get; set; }
    public string Entity { get; set; } = "";
    public string Project { get; set; } = "";
    public string Name { get; set; } = "";
    public string TypeName { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }
    public string Kind { get; set; } = ArtifactCollectionKinds.Sequence;

    public ArtifactCollectionInfo ToInfo() => new(Id, Entity, Project, Name, TypeName, Description, EpochMs.ToTime(CreatedAt), Kind);
}
