using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.Auth;

namespace Orleans.Wandb.Web.Health;

/// <summary>
/// <c>GET /api/cluster/silos</c> (instance admins only): every active silo and how many grains of each type it
/// hosts, to see how runs spread over a cluster (one silo in the embedded profile).
/// </summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterInfo(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cluster/silos", GetSilosAsync).WithName("ClusterSilos");
        return endpoints;
    }

    internal static async Task<IResult> GetSilosAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        if (!await grains.GetGrain<IDirectoryGrain>(0).AdministersInstanceAsync(user.Id))
        {
            return WandbErrors.Result(StatusCodes.Status403Forbidden, "Only instance admins may see the cluster.");
        }

        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var statistics = await management.GetSimpleGrainStatistics();
        var silos = hosts.Keys.Select(silo => new
        {
            address = silo.ToParsableString(),
            activations = statistics.Where(s => s.SiloAddress.Equals(silo))
                .GroupBy(s => ShortName(s.GrainType))
                .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount)),
        });
        return Results.Json(new { silos });
    }

    // "Orleans.Wandb.Grains.Runs.RunGrain,Orleans.Wandb.Grains" -> "RunGrain"
    private static string ShortName(string grainType) => grainType.Split(',')[0].Split('.')[^1];
}
