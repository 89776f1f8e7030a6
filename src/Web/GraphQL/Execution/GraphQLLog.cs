using Microsoft.Extensions.Logging;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>The endpoint's structured log events. Never API keys, variables or metric payloads.</summary>
internal static partial class GraphQLLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Run {RunKey} upserted by user {UserId} (inserted: {Inserted})")]
    public static partial void RunUpserted(ILogger logger, string runKey, long userId, bool inserted);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Stop requested for run {RunKey} by user {UserId}")]
    public static partial void StopRequested(ILogger logger, string runKey, long userId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Run {RunKey} deleted by user {UserId}")]
    public static partial void RunDeleted(ILogger logger, string runKey, long userId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Run {RunKey} rewound by user {UserId}; it keeps {HistoryRows} history rows")]
    public static partial void RunRewound(ILogger logger, string runKey, long userId, int historyRows);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Custom chart {Entity}/{Chart} saved by user {UserId}")]
    public static partial void CustomChartSaved(ILogger logger, string entity, string chart, long userId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Alert from run {RunKey} with severity {Severity} ({TitleLength} character title)")]
    public static partial void AlertReceived(ILogger logger, string runKey, string severity, int titleLength);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "GraphQL operation {Operation} failed in field {FieldPath}")]
    public static partial void ResolverFailed(ILogger logger, Exception exception, string? operation, string fieldPath);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "GraphQL operation {Operation} answered 503: a dependency is unavailable")]
    public static partial void Unavailable(ILogger logger, Exception exception, string? operation);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "GraphQL request rejected with {StatusCode}: {Reason}")]
    public static partial void Rejected(ILogger logger, int statusCode, string reason);
}
