using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Alerts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Reading alerts (<c>wandb.alert</c>, stored by <c>notifyScriptableRunAlert</c>): a run's (<c>Run.alerts</c>) and a
/// project's feed (<c>Project.alerts</c>). Both are reached through a project the caller may read.
/// </summary>
internal static class AlertResolvers
{
    private const int DefaultPage = 50;

    public static void Register(TypeSettings types)
    {
        types.For("Run")
            .ResolveAsync<RunNode>("alerts", async (run, context) =>
                (await context.Wandb().Grains.GetGrain<IRunAlertsGrain>(RunKey.From(run.Entity, run.Project, run.Name))
                    .ListAsync(First(context))).Select(alert => new RunAlertNode(alert)).ToList());

        types.For("Project")
            .ResolveAsync<ProjectNode>("alerts", async (project, context) =>
                (await context.Wandb().Grains.AlertFeed().ListProjectAsync(project.Info.Entity, project.Info.Name, First(context)))
                    .Select(alert => new RunAlertNode(alert)).ToList());
    }

    private static int First(IResolveFieldContext context) => Math.Clamp(context.IntArgument("first") ?? DefaultPage, 0, AlertLimits.MaxPage);
}
