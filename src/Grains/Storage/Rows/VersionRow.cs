using Orleans.Wandb.Contracts.Artifacts;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class VersionRow
{
    public long Id { get; set; }
    public long CollectionId { get; set; }
    public string Entity { get; set; } = "";
    public string Project { get; set; } = "";
    public string Collection { get; set; } = "";
    public string TypeName { get; set; } = "";
    public string Digest { get; set; } = "";
    public string State { get; set; } = "";
    public long? VersionIndex { get; set; }
    public string? Description { get; set; }
    public string? Metadata { get; set; }
    public long? HistoryStep { get; set; }
    public long? TtlSeconds { get; set; }
    public string? RunName { get; set; }
    public string? CommitHash { get; set; }
    public long FileCount { get; set; }
    public long SizeBytes { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long CreatedBy { get; set; }
    public long? ManifestId { get; set; }

    public ArtifactVersion ToVersion(IReadOnlyList<string> aliases) => new()
    {
        Id = Id,
        CollectionId = CollectionId,
        Entity = Entity,
        Project = Project,
        Collection = Collection,
        TypeName = TypeName,
        Digest = Digest,
        State = State,
        VersionIndex = VersionIndex,
        Description = Description,
        Metadata = Metadata,
        HistoryStep = HistoryStep,
        TtlDurationSeconds = TtlSeconds,
        RunName = RunName,
        CommitHash = CommitHash,
        FileCount = FileCount,
        SizeBytes = SizeBytes,
        CreatedAt = EpochMs.ToTime(CreatedAt),
        UpdatedAt = EpochMs.ToTime(UpdatedAt),
        CreatedBy = CreatedBy,
        ManifestId = ManifestId,
        Aliases = aliases,
    };
}
