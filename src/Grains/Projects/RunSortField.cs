namespace Orleans.Wandb.Grains.Projects;

/// <summary>The run fields a run table can be ordered by (filters and config/summary keys come later).</summary>
internal enum RunSortField
{
    CreatedAt,
    HeartbeatAt,
    Name,
    DisplayName,
    State,
}
