namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// A field a run-table filter or order names: a built-in run property, or a flattened <c>config.*</c> /
/// <c>summary_metrics.*</c> path (docs/protocol/runs.md#runs-and-run).
/// </summary>
internal sealed record RunField(RunFieldKind Kind, string? Path)
{
    /// <summary>Parses a filter or order key; throws <see cref="ArgumentException"/> naming an unknown one.</summary>
    public static RunField Parse(string key, string what)
    {
        var kind = key switch
        {
            "name" => RunFieldKind.Name,
            "displayName" or "display_name" => RunFieldKind.DisplayName,
            "state" => RunFieldKind.State,
            "tags" => RunFieldKind.Tags,
            "group" => RunFieldKind.Group,
            "jobType" or "job_type" => RunFieldKind.JobType,
            "sweep" => RunFieldKind.Sweep,
            "username" => RunFieldKind.Username,
            "host" => RunFieldKind.Host,
            "createdAt" or "created_at" => RunFieldKind.CreatedAt,
            "heartbeatAt" or "heartbeat_at" => RunFieldKind.HeartbeatAt,
            "duration" => RunFieldKind.Duration,
            _ when key.StartsWith("config.", StringComparison.Ordinal) && key.Length > 7 => RunFieldKind.Path,
            _ when key.StartsWith("summary_metrics.", StringComparison.Ordinal) && key.Length > 16 => RunFieldKind.Path,
            _ => throw new ArgumentException($"Unknown {what} field '{key}': use name, displayName, state, tags, group, jobType, sweep, username, host, createdAt, heartbeatAt, duration, config.<key> or summary_metrics.<key>."),
        };
        return new RunField(kind, kind == RunFieldKind.Path ? key : null);
    }

    /// <summary>
    /// The path's column, looked up once per query: a field is parsed per query and queries run in one grain turn,
    /// during which no column appears.
    /// </summary>
    internal FieldColumn? Column(Dictionary<string, FieldColumn> columns)
    {
        if (!_bound)
        {
            _column = columns.GetValueOrDefault(Path!);
            _bound = true;
        }

        return _column;
    }

    private FieldColumn? _column;
    private bool _bound;

    /// <summary>True for fields compared as times (ISO strings in filters).</summary>
    public bool IsTime => Kind is RunFieldKind.CreatedAt or RunFieldKind.HeartbeatAt;
}
