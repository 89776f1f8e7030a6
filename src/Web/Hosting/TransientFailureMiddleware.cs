using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Wandb.Web.Hosting;

/// <summary>
/// The last line of defence for "a dependency is briefly unavailable" (the database, the blob store, a silo that
/// just died): whatever handler it escaped from, the answer is 503, which every W&amp;B client retries, instead of
/// ASP.NET's 500. Handlers that classify failures themselves (<see cref="FailureStatus"/>) never get here.
/// Every 503 leaving the server carries <c>Retry-After</c> (<see cref="OutageRetryAfter"/>).
/// </summary>
public static partial class TransientFailureMiddleware
{
    /// <summary>Adds the middleware; put it first so it covers authentication lookups as well.</summary>
    public static IApplicationBuilder UseTransientFailures(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Every 503, whichever handler wrote it, says when to come back (the handler's own value stands).
            context.Response.OnStarting(static state =>
            {
                var response = ((HttpContext)state).Response;
                if (response.StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey("Retry-After"))
                {
                    response.Headers.RetryAfter = response.HttpContext.RequestServices.GetRequiredService<OutageRetryAfter>().Next()
                        .ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            }, context);

            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                      && FailureStatus.IsTransient(e))
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TransientFailureMiddleware));
                LogTransientFailure(logger, context.Request.Path, e);
                context.Response.Clear();
                if (context.Request.Path.Value?.EndsWith("/file_stream", StringComparison.Ordinal) == true)
                {
                    // As file_stream's own 503s (FileStreamEndpoints): e.g. the API key's lookup failed in an outage.
                    context.Response.Headers.RetryAfter = FileStream.FileStreamEndpoints.FileStreamRetryAfterSeconds;
                }

                await WandbErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The server cannot serve this right now; retry later.");
            }
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 for {Path}: a dependency is unavailable")]
    private static partial void LogTransientFailure(ILogger logger, string path, Exception exception);
}
