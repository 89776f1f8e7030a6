using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Telemetry;

/// <summary>
/// <c>POST /sdk/otel/v1/metrics</c> and <c>/sdk/otel/v1/logs</c>: the Go core (0.2x) exports its own OpenTelemetry
/// metrics and logs there, with the user's credentials (wandb v0.28.2 core/internal/analytics/opentelemetryproxy.go).
/// They describe the client, not the run, and W&amp;B keeps them for itself; this server reads and discards them, so
/// the client stops logging "failed to send telemetry" for every export. Callers must still authenticate, and
/// bodies are bounded like any other.
/// </summary>
public static class SdkTelemetryEndpoints
{
    /// <summary>Largest accepted export; the exporter batches a few hundred records at most.</summary>
    public const long MaxBodyBytes = 4L * 1024 * 1024;

    public static IEndpointRouteBuilder MapSdkTelemetry(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/sdk/otel/v1/metrics", DiscardAsync).WithName("SdkTelemetryMetrics").DisableAntiforgery();
        endpoints.MapPost("/sdk/otel/v1/logs", DiscardAsync).WithName("SdkTelemetryLogs").DisableAntiforgery();
        return endpoints;
    }

    private static async Task DiscardAsync(HttpContext context, IGrainFactory grains)
    {
        if (await ApiKeyAuthentication.AuthenticateAsync(context, grains) is null)
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
            return;
        }

        try
        {
            using var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        }
        catch (BodyTooLargeException e)
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, e.Message);
            return;
        }
        catch (InvalidDataException e)
        {
            await WandbErrors.WriteAsync(context, StatusCodes.Status400BadRequest, $"The request body could not be decompressed: {e.Message}");
            return;
        }

        // OTLP/HTTP success: an empty Export*ServiceResponse in the request's encoding (protobuf unless JSON was sent).
        var json = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = json ? "application/json" : "application/x-protobuf";
        if (json)
        {
            await context.Response.WriteAsync("{}", context.RequestAborted);
        }
    }
}
