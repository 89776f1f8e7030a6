using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.FileStream;

/// <summary>
/// <c>POST /files/{entity}/{project}/{run}/file_stream</c>: the run process streams history, events, summary
/// and console lines here. A 200 means the lines are durable. Status codes are chosen for the clients' retry
/// rules: 400/403/404 make them drop a chunk, so only truly invalid data gets a 4xx; storage trouble is a 503.
/// </summary>
public static partial class FileStreamEndpoints
{
    /// <summary>Seconds a client should wait before retrying a file_stream request answered 503.</summary>
    internal const string FileStreamRetryAfterSeconds = "2";

    /// <summary>
    /// Sent by the Go core with <c>x_server_side_derived_summary</c> (wandb v0.28.2 core/internal/stream/stream_init.go):
    /// the server takes logged values into the summary, the client sends only explicit summary updates.
    /// </summary>
    public const string DeriveSummaryHeader = "X-WANDB-SERVER-SIDE-DERIVED-SUMMARY";

    private static readonly byte[] OkBody = """{"exitcode":null,"limits":{}}"""u8.ToArray();
    private static readonly byte[] StoppedBody = """{"exitcode":null,"limits":{},"stopped":true}"""u8.ToArray();

    public static IEndpointRouteBuilder MapFileStream(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/files/{entity}/{project}/{run}/file_stream", HandleAsync)
            .WithName("FileStream")
            .DisableAntiforgery();
        return endpoints;
    }

    internal static async Task HandleAsync(
        HttpContext context,
        string entity,
        string project,
        string run,
        IGrainFactory grains,
        IOptions<ServerOptions> options,
        ILoggerFactory loggers)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
            return;
        }

        if (!Names.IsValid(entity) || !Names.IsValid(project) || !Names.IsValid(run))
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"Invalid run path '{entity}/{project}/{run}': names may not contain '/', '\\', '?', '#', '%' or spaces.");
            return;
        }

        if (!await grains.Directory().CanWriteProjectAsync(user.Id, entity, project))
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"User '{user.Username}' may not write to entity '{entity}'.");
            return;
        }

        var runKey = RunKey.From(entity, project, run);
        var logger = loggers.CreateLogger(typeof(FileStreamEndpoints));
        try
        {
            var batch = await ReadBatchAsync(context, options.Value.MaxFileStreamBytes, user.Id);

            var result = await grains.GetGrain<IRunGrain>(runKey).AppendAsync(batch);
            if (batch.Uploaded.Count > 0)
            {
                await RegisterUploadsAsync(grains, runKey, logger);
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(result.Stopped ? StoppedBody : OkBody, context.RequestAborted);
        }
        catch (FileStreamFormatException e)
        {
            LogRejected(logger, runKey, e.Message);
            await WandbErrors.WriteAsync(context, StatusCodes.Status400BadRequest, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, message) = FailureStatus.Classify(e);
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                // The Go core waits exactly Retry-After instead of its exponential backoff (2 s doubling to 60 s).
                // Its file_stream retries ~10,000 times, so a short wait costs it no patience and lets it resume
                // within seconds of a failover or an outage's end instead of up to a minute later. (GraphQL answers
                // carry none: there the core retries 20 times, and 20 short waits would give up on an outage its
                // backoff rides out for ~16 minutes.)
                context.Response.Headers.RetryAfter = FileStreamRetryAfterSeconds;
                LogUnavailable(logger, runKey, e);
            }
            else if (status >= 500)
            {
                LogFailed(logger, runKey, e);
            }
            else
            {
                LogRejected(logger, runKey, message);
            }

            await WandbErrors.WriteAsync(context, status, message);
        }
    }

    private static async Task<FileStreamBatch> ReadBatchAsync(HttpContext context, long limit, long userId)
    {
        PooledBody body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            // A body labelled gzip that is not: a retry sends the same bytes, so it is the client's data that is bad.
            throw new FileStreamFormatException($"The request body could not be decompressed: {e.Message}");
        }

        using (body)
        {
            return FileStreamRequestReader.Read(body.Span, userId) with
            {
                WriterId = SharedModeHeaders.WriterId(context.Request),
                DeriveSummary = string.Equals(context.Request.Headers[DeriveSummaryHeader].ToString(), "true", StringComparison.OrdinalIgnoreCase),
            };
        }
    }

    /// <summary>
    /// The client reports files it uploaded straight to the store; the run registers them now (one grain call). The batch
    /// is already durable, so a failure here is only logged: the next report registers them.
    /// </summary>
    private static async Task RegisterUploadsAsync(IGrainFactory grains, string runKey, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IRunGrain>(runKey).RegisterDirectUploadsAsync();
        }
        catch (Exception e) when (FailureStatus.IsTransient(e))
        {
            LogUploadsNotRegistered(logger, runKey, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploads reported for {RunKey} could not be registered yet")]
    private static partial void LogUploadsNotRegistered(ILogger logger, string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "file_stream for {RunKey} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string runKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "file_stream for {RunKey} answered 503: storage or the cluster is briefly unavailable")]
    private static partial void LogUnavailable(ILogger logger, string runKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "file_stream for {RunKey} failed")]
    private static partial void LogFailed(ILogger logger, string runKey, Exception exception);
}
