using Orleans.Wandb.Contracts.Projects;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class ProjectRow
{
    public long Id { get; set; }
    public string Entity { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedBy { get; set; }
    public long CreatedAt { get; set; }
    public long RunCount { get; set; }
    public long? LastActivityAt { get; set; }
    public string Access { get; set; } = ProjectAccess.Team;

    public ProjectInfo ToInfo() => new()
    {
        Id = Id,
        Entity = Entity,
        Name = Name,
        Description = Description,
        CreatedBy = CreatedBy,
        CreatedAt = EpochMs.ToTime(CreatedAt),
        RunCount = (int)RunCount,
        LastActivityAt = LastActivityAt is { } at ? EpochMs.ToTime(at) : null,
        Access = Access,
    };
}
