using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.Health;

/// <summary><c>/healthz</c> (the process is alive) and <c>/ready</c> (grains, metadata and file storage answer), as W&amp;B Local serves them.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok")).WithName("Healthz");
        endpoints.MapGet("/ready", ReadyAsync).WithName("Ready");
        return endpoints;
    }

    internal static async Task<IResult> ReadyAsync(IGrainFactory grains, IFileStore files, CancellationToken cancellationToken)
    {
        try
        {
            // A directory lookup goes through Orleans to the metadata store.
            await grains.Directory().EntityExistsAsync("readiness-probe");
            if (!await files.IsReachableAsync(cancellationToken))
            {
                return Results.Text("file storage unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Text("ready");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Text($"not ready: {e.GetType().Name}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
