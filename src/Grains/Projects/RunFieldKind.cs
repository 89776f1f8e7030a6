namespace Orleans.Wandb.Grains.Projects;

/// <summary>The built-in run properties a filter or order may name, and <see cref="Path"/> for config/summary paths.</summary>
internal enum RunFieldKind
{
    Name,
    DisplayName,
    State,
    Tags,
    Group,
    JobType,
    Sweep,
    Username,
    Host,
    CreatedAt,
    HeartbeatAt,
    Duration,
    Path,
}
