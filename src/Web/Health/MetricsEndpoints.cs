using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.Auth;

namespace Orleans.Wandb.Web.Health;

/// <summary>
/// <c>GET /metrics</c>: the server's, Orleans', ASP.NET Core's and the runtime's instruments in Prometheus' text
/// format (OpenTelemetry's exporter), for the scraper of the silo it is asked on. Metrics name routes, grain types and
/// volumes, not anyone's data, but they still answer only an instance admin's API key or the configured scrape token.
/// </summary>
public static class MetricsEndpoints
{
    /// <summary>The path Prometheus scrapes by default.</summary>
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        // The exporter serves from a branched pipeline, not a route handler, so an endpoint filter would never run:
        // the check goes into that pipeline, ahead of the exporter's middleware.
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (await RefusalAsync(context, options) is { } refusal)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }

                await next(context);
            }), optionsName: null)
            .WithName("Metrics");
        return endpoints;
    }

    /// <summary>Null when the caller may scrape; otherwise the 401 or 403 to answer.</summary>
    internal static async ValueTask<IResult?> RefusalAsync(HttpContext context, MetricsOptions options)
    {
        if (options.ScrapeToken is { } token && ApiKeyAuthentication.ReadApiKey(context.Request) is { } presented &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token)))
        {
            return null;
        }

        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized,
                "Metrics need an instance admin's API key or the scrape token (METRICS_TOKEN) as a Bearer token.");
        }

        return user.Admin ? null : WandbErrors.Result(StatusCodes.Status403Forbidden, "Only instance admins may read the metrics.");
    }
}
