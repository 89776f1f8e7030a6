namespace Orleans.Wandb.Contracts.Admin;

/// <summary>Storage used per project and the disk space left (null where the storage profile has no local disk).</summary>
[GenerateSerializer, Immutable, Alias("wandb.storage-report.v1")]
public sealed record StorageReport(
    [property: Id(0)] IReadOnlyList<ProjectStorage> Projects,
    [property: Id(1)] long? FreeBytes,
    [property: Id(2)] long? TotalBytes);
