namespace Orleans.Wandb.Grains.Runs;

/// <summary>How run grains detect crashes and publish their rows.</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Runs";

    /// <summary>A running run silent for longer is marked crashed (preempting: preempted). W&amp;B uses 5 minutes.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the heartbeat reminder checks a live run (Orleans reminders tick at most once a minute).</summary>
    public TimeSpan HeartbeatCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest delay before a changed run row reaches its project and the run index. Rows are coalesced so that
    /// logging does not cost one project call per batch; state changes are pushed at once regardless.
    /// </summary>
    public TimeSpan RowPushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After this many run-log bytes not covered by the persisted state, the state is written again, bounding
    /// how much log an activation has to replay.
    /// </summary>
    public long CheckpointBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The most shared-mode writers (distinct <c>X-WANDB-ASYNC-CLIENT-ID</c>s) one run takes; past it a new writer's
    /// batches are refused with 400. Each writer costs a cursor in the run's persisted state.
    /// </summary>
    public int MaxSharedWriters { get; set; } = 1024;
}
