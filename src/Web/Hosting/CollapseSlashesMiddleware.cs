using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orleans.Wandb.Web.Hosting;

/// <summary>
/// The JS client joins paths onto a base URL verbatim, so a base with a trailing slash produces
/// <c>POST //graphql</c>. Collapse repeated slashes before routing.
/// </summary>
public static class CollapseSlashesMiddleware
{
    public static IApplicationBuilder UseCollapsedSlashes(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is not null && path.Contains("//", StringComparison.Ordinal))
            {
                while (path.Contains("//", StringComparison.Ordinal))
                {
                    path = path.Replace("//", "/", StringComparison.Ordinal);
                }

                context.Request.Path = new PathString(path);
            }

            return next(context);
        });
}
