using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Charts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Charts;

/// <summary>
/// <c>POST /api/v1/charts</c>: chart data for the web app (and scripts). Per requested run and metric, the
/// points of an x-axis window — raw up to <c>rawPoints</c> (or <c>buckets</c>) points, else bucketed with true
/// min/max/mean/last — answered by each run's grain.
/// Response: <c>{"series":[{"entity","project","run","metric","bucketed","points":[[x,min,max,mean,last,count],…]}]}</c>.
/// </summary>
public static class ChartEndpoints
{
    public const int MaxRuns = 200;
    public const int MaxMetrics = 50;
    public const int MaxBuckets = 10_000;
    public const int DefaultBuckets = 1_000;

    public static IEndpointRouteBuilder MapCharts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/charts", ChartsAsync).WithName("Charts").DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<IResult> ChartsAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        ChartRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<ChartRequest>(JsonOptions, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, $"The body is not a valid chart request: {e.Message}");
        }

        if (Validate(request) is { } problem)
        {
            return WandbErrors.Result(StatusCodes.Status400BadRequest, problem);
        }

        var directory = grains.Directory();
        foreach (var (entity, project) in request!.Runs!.Select(r => (r.Entity!, r.Project!)).Distinct())
        {
            if (!await directory.CanReadProjectAsync(user.Id, entity, project))
            {
                // Indistinguishable from a missing run: nothing about other projects leaks.
                return WandbErrors.Result(StatusCodes.Status404NotFound, $"No runs of '{entity}/{project}' were found.");
            }
        }

        var query = new ChartQuery(
            request.Metrics!, request.XAxis ?? "_step", request.XMin, request.XMax, request.Buckets ?? DefaultBuckets,
            string.Equals(request.Stream, "events", StringComparison.OrdinalIgnoreCase) ? RunStream.Events : RunStream.History,
            request.RawPoints ?? 0);
        try
        {
            var answers = await Task.WhenAll(request.Runs!.Select(run =>
                grains.GetGrain<IRunGrain>(RunKey.From(run.Entity!, run.Project!, run.Run!)).GetChartAsync(query)));
            var series = request.Runs!.Zip(answers).SelectMany(pair => pair.Second.Select(s => new
            {
                entity = pair.First.Entity,
                project = pair.First.Project,
                run = pair.First.Run,
                metric = s.Metric,
                bucketed = s.Bucketed,
                points = s.Points.Select(p => new[] { p.X, p.Min, p.Max, p.Mean, p.Last, p.Count }),
            }));
            return Results.Json(new { series }, JsonOptions);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, message) = FailureStatus.Classify(e);
            return WandbErrors.Result(status, message);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string? Validate(ChartRequest? request)
    {
        if (request is null)
        {
            return "The body must be a JSON object with runs and metrics.";
        }

        if (request.Runs is not { Count: > 0 and <= MaxRuns })
        {
            return $"runs must list 1 to {MaxRuns} runs.";
        }

        if (request.Runs.FirstOrDefault(r => !Names.IsValid(r.Entity) || !Names.IsValid(r.Project) || !Names.IsValid(r.Run)) is { } bad)
        {
            return $"runs: '{bad.Entity}/{bad.Project}/{bad.Run}' is not a valid run path.";
        }

        if (request.Metrics is not { Count: > 0 and <= MaxMetrics } || request.Metrics.Any(string.IsNullOrEmpty))
        {
            return $"metrics must list 1 to {MaxMetrics} metric names.";
        }

        if (request.Buckets is { } buckets && buckets is < 1 or > MaxBuckets)
        {
            return $"buckets must be between 1 and {MaxBuckets}.";
        }

        if (request.RawPoints is { } raw && raw is < 0 or > MaxBuckets)
        {
            return $"rawPoints must be between 0 and {MaxBuckets}.";
        }

        if (request.XMin is { } min && request.XMax is { } max && min > max)
        {
            return "xMin must not be greater than xMax.";
        }

        return request.Stream is null or "history" or "events" ? null : "stream must be \"history\" or \"events\".";
    }
}
