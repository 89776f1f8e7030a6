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
    /// The path's id in <paramref name="view"/>, looked up once per query (a field is parsed per query). A wrapped
    /// config value (<c>{"value": 0.1, "desc": …}</c>) is stored once, under <c>config.lr</c>; <c>config.lr.value</c>
    /// names the same value.
    /// </summary>
    internal int PathIdIn(RunTableView view)
    {
        if (!ReferenceEquals(_boundTo, view))
        {
            _pathId = view.PathId(Path!);
            if (_pathId < 0 && Path!.StartsWith("config.", StringComparison.Ordinal) && Path.EndsWith(".value", StringComparison.Ordinal))
            {
                _pathId = view.PathId(Path[..^".value".Length]);
            }

            _boundTo = view;
        }

        return _pathId;
    }

    private RunTableView? _boundTo;
    private int _pathId;

    /// <summary>True for fields compared as times (ISO strings in filters).</summary>
    public bool IsTime => Kind is RunFieldKind.CreatedAt or RunFieldKind.HeartbeatAt;
}
