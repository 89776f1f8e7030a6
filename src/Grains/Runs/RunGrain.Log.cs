using Microsoft.Extensions.Logging;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>The run grain's structured log messages.</summary>
internal sealed partial class RunGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created run {RunKey} with storage id {RunId}")]
    private partial void LogRunCreated(string runKey, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunKey} is now {State}")]
    private partial void LogStateChanged(string runKey, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunKey} sent no heartbeat in time and is now {State}")]
    private partial void LogHeartbeatLost(string runKey, string state);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunKey} replayed {Records} log records on activation")]
    private partial void LogReplayed(string runKey, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not persist the state of run {RunKey}")]
    private partial void LogStateWriteFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted run {RunKey} (storage id {RunId})")]
    private partial void LogRunDeleted(string runKey, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored history of run {RunKey} was damaged or superseded; rebuilt it from the run log")]
    private partial void LogHistoryRebuilt(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another activation of run {RunKey} wrote its state; this one hands over")]
    private partial void LogSuperseded(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compact the history of run {RunKey}; will retry")]
    private partial void LogCompactionFailed(string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunKey} rewound to step {Step}: keeps {Rows} history rows")]
    private partial void LogRewound(string runKey, double step, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunKey} forked from run {Parent} at step {Step} with {Rows} history rows")]
    private partial void LogForked(string runKey, string parent, double step, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the row of run {RunKey}; will retry")]
    private partial void LogRowPushFailed(string runKey, Exception exception);
}
