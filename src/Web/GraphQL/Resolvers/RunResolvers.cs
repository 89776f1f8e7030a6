using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Sweeps;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Json;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// The <c>Run</c> type's metadata fields. JSONString fields are never null (<c>"{}"</c>, <c>"[]"</c>): resume and
/// the public API parse them unconditionally (docs/protocol/runs.md#resume, docs/protocol/runs.md#runs-and-run).
/// </summary>
internal static class RunResolvers
{
    public static void Register(TypeSettings types)
    {
        var run = types.For("Run")
            .Resolve<RunNode>("id", node => RelayIds.Run(node.Id))
            .Resolve<RunNode>("name", node => node.Name)
            .Resolve<RunNode>("readOnly", _ => false)
            .ResolveAsync<RunNode>("user", UserAsync)
            .ResolveAsync<RunNode>("forUser", ForUserAsync)
            .ResolveAsync<RunNode>("project", async (node, context) => new ProjectNode(await ProjectAsync(node, context)))
            .ResolveAsync<RunNode>("projectId", async (node, context) => checked((int)(await ProjectAsync(node, context)).Id))
            .ResolveAsync<RunNode>("sweep", (node, context) => SweepAsync(node, context))
            .NotSupported("logLines", "Reading console log lines");

        // Fields a run-table row carries are served from it; the rest load the run once.
        FromRowOrInfo(run, "displayName", row => row.DisplayName, info => info.DisplayName);
        FromRowOrInfo(run, "state", row => row.State, info => info.State);
        FromRowOrInfo(run, "createdAt", row => row.CreatedAt, info => info.CreatedAt);
        FromRowOrInfo(run, "heartbeatAt", row => row.HeartbeatAt, info => info.HeartbeatAt);
        FromRowOrInfo(run, "tags", row => row.Tags, info => info.Tags);
        FromRowOrInfo(run, "group", row => row.GroupName, info => info.GroupName);
        FromRowOrInfo(run, "jobType", row => row.JobType, info => info.JobType);
        FromRowOrInfo(run, "config", row => JsonOrEmpty(row.Config), info => JsonOrEmpty(info.Config));
        FromRowOrInfo(run, "summaryMetrics", row => JsonOrEmpty(row.SummaryMetrics), info => JsonOrEmpty(info.SummaryMetrics));
        FromRowOrInfo(run, "historyLineCount", row => row.HistoryLineCount, info => info.HistoryLineCount);
        FromRowOrInfo(run, "sweepName", row => row.SweepName, info => info.SweepName);

        FromInfo(run, "description", info => info.Description);
        FromInfo(run, "notes", info => info.Notes);
        FromInfo(run, "commit", info => info.Commit);
        FromInfo(run, "host", info => info.Host);
        FromInfo(run, "systemMetrics", info => JsonOrEmpty(info.SystemMetrics));
        FromInfo(run, "stopped", info => info.Stopped);
        FromInfo(run, "shouldStop", info => info.Stopped);
        FromInfo(run, "running", info => info.State == RunStates.Running);
        FromInfo(run, "failed", info => info.State is RunStates.Failed or RunStates.Crashed);
        FromInfo(run, "exitcode", info => info.ExitCode);
        FromInfo(run, "updatedAt", info => info.UpdatedAt);
        FromInfo(run, "eventsLineCount", info => info.EventsLineCount);
        FromInfo(run, "logLineCount", info => info.LogLineCount);
        FromInfo(run, "historyTail", info => JsonLines.ToHistoryTail(info.HistoryTail));
        FromInfo(run, "eventsTail", info => JsonLines.ToJsonArray(info.EventsTail));
        FromInfo(run, "runInfo", info => new RunMetadataModel(info.Program, new GitInfoModel(info.Repo, info.Commit)));
        run.ResolveAsync<RunNode>("wandbConfig", async (node, context) =>
            await context.Wandb().Grains.GetGrain<IRunGrain>(node.Key).GetWandbConfigAsync(context.StringListArgument("keys")));
    }

    private static string JsonOrEmpty(string? json) => string.IsNullOrWhiteSpace(json) ? "{}" : json;

    private static void FromInfo(TypeConfig run, string field, Func<RunInfo, object?> select) =>
        run.ResolveAsync<RunNode>(field, async (node, context) =>
        {
            var info = await node.InfoAsync(context.Wandb().Grains);
            return info is null ? null : select(info);
        });

    private static void FromRowOrInfo(TypeConfig run, string field, Func<RunRow, object?> fromRow, Func<RunInfo, object?> fromInfo) =>
        run.ResolveAsync<RunNode>(field, async (node, context) =>
        {
            if (node.Row is { } row)
            {
                return fromRow(row);
            }

            var info = await node.InfoAsync(context.Wandb().Grains);
            return info is null ? null : fromInfo(info);
        });

    private static async Task<object?> UserAsync(RunNode node, IResolveFieldContext context)
    {
        var userId = node.Row?.UserId ?? (await node.InfoAsync(context.Wandb().Grains))?.UserId;
        return userId is { } id ? await ProjectResolvers.UserAsync(context.Wandb(), id) : null;
    }

    private static async Task<object?> ForUserAsync(RunNode node, IResolveFieldContext context)
    {
        var userId = node.Row is { } row ? row.ForUserId : (await node.InfoAsync(context.Wandb().Grains))?.ForUserId;
        return userId is { } id ? await ProjectResolvers.UserAsync(context.Wandb(), id) : null;
    }

    private static async Task<ProjectInfo> ProjectAsync(RunNode node, IResolveFieldContext context)
    {
        if (node.KnownProject is { } known)
        {
            return known;
        }

        var grain = context.Wandb().Grains.GetGrain<IProjectGrain>(ProjectKey.From(node.Entity, node.Project));
        return await grain.GetAsync()
               ?? throw new InvalidOperationException($"Run {node.Key} exists but its project does not.");
    }

    private static async Task<object?> SweepAsync(RunNode node, IResolveFieldContext context)
    {
        // The caller reads the run, so it reads its project and the project's sweeps; a sweep id that names no
        // sweep (a run started by hand with WANDB_SWEEP_ID) is null.
        var sweepName = node.Row?.SweepName ?? (await node.InfoAsync(context.Wandb().Grains))?.SweepName;
        if (!Names.IsValid(sweepName))
        {
            return null;
        }

        var info = await context.Wandb().Grains.GetGrain<ISweepGrain>(SweepKey.From(node.Entity, node.Project, sweepName!)).GetAsync();
        return info is null ? null : new SweepNode(info, await ProjectAsync(node, context));
    }
}
