using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Live;
using Orleans.Wandb.Web.Auth;

namespace Orleans.Wandb.Web.Live;

/// <summary>
/// Server push for the web app: <c>GET /api/live/projects/{entity}/{project}</c> and
/// <c>GET /api/live/runs/{entity}/{project}/{run}</c> are server-sent event streams that emit
/// <c>event: change</c> (data: the new version) whenever the project's run table or the run changes. The source is
/// the grains' change versions (<see cref="IProjectLiveGrain"/>, <see cref="IRunLiveGrain"/>), awaited, never the
/// database. The page then refetches what it shows. Also <c>GET /api/v1/runs/{entity}/{project}/{run}/output</c>:
/// console lines from <c>?from=</c>.
/// </summary>
public static class LiveEndpoints
{
    private const int DefaultOutputLines = 1000;

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/live/projects/{entity}/{project}", ProjectStreamAsync).WithName("LiveProject");
        endpoints.MapGet("/api/live/runs/{entity}/{project}/{run}", RunStreamAsync).WithName("LiveRun");
        endpoints.MapGet("/api/v1/runs/{entity}/{project}/{run}/output", OutputAsync).WithName("RunOutput");
        return endpoints;
    }

    internal static Task ProjectStreamAsync(
        HttpContext context, string entity, string project, IGrainFactory grains, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime) =>
        StreamAsync(context, grains, entity, project, Names.IsValid(project) && Names.IsValid(entity),
            () => grains.GetGrain<IProjectLiveGrain>(ProjectKey.From(entity, project)), (g, v, w) => g.WaitForChangeAsync(v, w),
            options.Value, lifetime);

    internal static Task RunStreamAsync(
        HttpContext context, string entity, string project, string run, IGrainFactory grains, IOptions<LiveOptions> options,
        IHostApplicationLifetime lifetime) =>
        StreamAsync(context, grains, entity, project, Names.IsValid(project) && Names.IsValid(entity) && Names.IsValid(run),
            () => grains.GetGrain<IRunLiveGrain>(RunKey.From(entity, project, run)), (g, v, w) => g.WaitForChangeAsync(v, w),
            options.Value, lifetime);

    internal static async Task<IResult> OutputAsync(
        HttpContext context, string entity, string project, string run, int? from, int? max, IGrainFactory grains)
    {
        if (await AuthorizeAsync(context, grains, entity, project, Names.IsValid(project) && Names.IsValid(run)) is { } problem)
        {
            return problem;
        }

        var lines = await grains.GetGrain<IRunLiveGrain>(RunKey.From(entity, project, run))
            .GetOutputAsync(Math.Max(0, from ?? 0), max ?? DefaultOutputLines);
        return TypedResults.Ok(lines);
    }

    private static async Task StreamAsync<TGrain>(
        HttpContext context, IGrainFactory grains, string entity, string project, bool validNames, Func<TGrain> grain,
        Func<TGrain, long, TimeSpan, Task<long>> wait, LiveOptions options, IHostApplicationLifetime lifetime)
    {
        if (await AuthorizeAsync(context, grains, entity, project, validNames) is { } problem)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // Ends with the client's connection or with the server's shutdown, whichever comes first.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var target = grain();
        var version = 0L;
        try
        {
            // Tell the page it is connected (and the version to compare with) before the first wait.
            version = await wait(target, version, TimeSpan.Zero);
            await WriteAsync(response, $"event: ready\ndata: {version.ToString(CultureInfo.InvariantCulture)}\n\n", stop.Token);
            while (!stop.IsCancellationRequested)
            {
                var next = await wait(target, version, options.KeepAliveInterval).WaitAsync(stop.Token);
                if (next == version)
                {
                    await WriteAsync(response, ": keep-alive\n\n", stop.Token);
                    continue;
                }

                version = next;
                await WriteAsync(response, $"event: change\ndata: {version.ToString(CultureInfo.InvariantCulture)}\n\n", stop.Token);
                await Task.Delay(options.MinEventInterval, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away or the server is stopping: nothing to answer.
        }
    }

    private static async Task<IResult?> AuthorizeAsync(HttpContext context, IGrainFactory grains, string entity, string project, bool validNames)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return WandbErrors.Result(StatusCodes.Status401Unauthorized, WandbErrors.Unauthorized);
        }

        if (!validNames || !Names.IsValid(entity) || !await grains.Directory().CanReadProjectAsync(user.Id, entity, project))
        {
            // As elsewhere: what a caller may not read looks exactly like what does not exist.
            return WandbErrors.Result(StatusCodes.Status404NotFound, "Not found.");
        }

        return null;
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
