namespace Orleans.Wandb.Grains.Runs;

/// <summary>The streamed files a run grain understands, as stored in run-log records.</summary>
internal enum StreamFileKind : byte
{
    History = 0,
    Events = 1,
    Summary = 2,
    Output = 3,

    /// <summary>Any other name: stored under its name, with no effect on the run's state.</summary>
    Other = 255,
}
