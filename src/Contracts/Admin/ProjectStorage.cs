namespace Orleans.Wandb.Contracts.Admin;

/// <summary>What one project stores: uploaded run files and streamed history (run logs and segments).</summary>
[GenerateSerializer, Immutable, Alias("wandb.project-storage.v1")]
public sealed record ProjectStorage(
    [property: Id(0)] string Entity,
    [property: Id(1)] string Project,
    [property: Id(2)] int RunCount,
    [property: Id(3)] long FileBytes,
    [property: Id(4)] long HistoryBytes);
