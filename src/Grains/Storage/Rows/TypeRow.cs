using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Storage.Rows;

// Dapper materialises these by property name; they never leave this class.
internal sealed class TypeRow
{
    /// <summary>The columns, aliased to the properties, shared by the SQLite and MySQL stores.</summary>
    public const string Columns = "id AS Id, entity AS Entity, project AS Project, name AS Name, description AS Description, created_at AS CreatedAt";

    public long Id { get; set; }
    public string Entity { get; set; } = "";
    public string Project { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }

    public ArtifactTypeInfo ToInfo() => new(Id, Entity, Project, Name, Description, EpochMs.ToTime(CreatedAt));
}
