using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class EntityRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public long CreatedAt { get; set; }

    public EntityRecord ToRecord() => new(Id, Name, Kind, EpochMs.ToTime(CreatedAt));
}
