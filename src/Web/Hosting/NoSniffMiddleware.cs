using Microsoft.AspNetCore.Builder;

namespace Orleans.Wandb.Web.Hosting;

/// <summary>
/// Every response says <c>X-Content-Type-Options: nosniff</c>: many routes answer with text users wrote (run output,
/// names, summaries in JSON), and a browser must never guess such an answer is HTML or script. The routes that serve
/// uploaded bytes add their own, stricter headers (<see cref="Files.UserContent"/>).
/// </summary>
public static class NoSniffMiddleware
{
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // At the start of the response, so an error page written after Response.Clear() carries it too.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
