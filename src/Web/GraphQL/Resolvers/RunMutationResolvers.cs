using System.Security.Cryptography;
using GraphQL;
using Orleans.Wandb.Contracts.Alerts;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Contracts.Sweeps;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.FileStream;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Run mutations: <c>upsertBucket</c> (create or update; null means unchanged; a service account's run also records
/// the person it names, see <see cref="RunHuman"/>), <c>stopRun</c>,
/// <c>deleteRun</c>, <c>updateRunState</c> (public API: pending or failed), <c>rewindRun</c> (<c>resume_from</c>) and
/// <c>notifyScriptableRunAlert</c>.
/// </summary>
internal static class RunMutationResolvers
{
    private const string RunNameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static void Register(TypeSettings types)
    {
        types.For("Mutation")
            .ResolveAsync("upsertBucket", UpsertBucketAsync)
            .ResolveAsync("stopRun", StopRunAsync)
            .ResolveAsync("rewindRun", RewindRunAsync)
            .ResolveAsync("notifyScriptableRunAlert", NotifyAsync)
            .ResolveAsync("updateRunState", UpdateRunStateAsync)
            .ResolveAsync("deleteRun", DeleteRunAsync);
    }

    /// <summary>A fresh run name: 8 characters of [a-z0-9], as the clients generate them.</summary>
    public static string NewRunName() => new(RandomNumberGenerator.GetItems<char>(RunNameAlphabet, 8));

    private static async Task<object?> UpsertBucketAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("id");

        string entity, project, name;
        if (!string.IsNullOrEmpty(id))
        {
            // The public API (run.update(), summary updates) addresses the run by storage id only.
            var location = await FindRunAsync(wandb, id);
            (entity, project, name) = (location.Entity, location.Project, location.Name);
        }
        else
        {
            entity = Access.EntityOrDefault(wandb, input.String("entityName"));
            project = Access.ProjectOrDefault(input.String("modelName"));
            name = input.String("name") is { Length: > 0 } given ? given : NewRunName();
            Access.EnsureValidName(entity, "entity");
            Access.EnsureValidName(project, "project");
            Access.EnsureValidName(name, "run");
        }

        await Access.EnsureCanWriteAsync(wandb, entity, project);

        // An instance admin may write to team-visible projects of every entity, also of one that does not exist (a
        // typo in wandb.init(entity=…)): nothing is created there. W&B's words, which the clients print as they are.
        if (string.IsNullOrEmpty(id) && !await wandb.Directory.EntityExistsAsync(entity))
        {
            throw new WandbRequestError($"entity {entity} not found during upsertBucket", 404);
        }

        var runGrain = wandb.Grains.GetGrain<IRunGrain>(RunKey.From(entity, project, name));
        if (!string.IsNullOrEmpty(id) && await runGrain.GetAsync() is null)
        {
            throw WandbRequestError.NotFound($"Run '{id}' was not found.");
        }

        var projectInfo = await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).EnsureAsync(wandb.User.Id);
        var result = await runGrain.UpsertAsync(new RunUpsert
        {
            DisplayName = input.String("displayName"),
            Description = input.String("description"),
            Notes = input.String("notes"),
            GroupName = input.String("groupName"),
            JobType = input.String("jobType"),
            Commit = input.String("commit"),
            Host = input.String("host"),
            Program = input.String("jobProgram"),
            Repo = input.String("jobRepo"),
            Config = input.String("config"),
            Tags = input.Strings("tags"),
            SummaryMetrics = input.String("summaryMetrics"),
            State = input.String("state"),
            SweepName = input.String("sweep"),
            UserId = wandb.User.Id,
            ForUserId = await RunHuman.FindAsync(wandb, entity),
            FromPublicApi = IsPublicApiUpdate(wandb, input, id),
            MergeByKey = string.Equals(
                wandb.Http.Request.Headers[SharedModeHeaders.UseAsyncFileStream].ToString(), "true", StringComparison.OrdinalIgnoreCase),
        });

        // A run an agent started names its sweep (WANDB_SWEEP_ID); the sweep counts it and reads its metric. A sweep
        // id naming no sweep is kept on the run as the clients sent it, as W&B does for runs of deleted sweeps.
        if (input.String("sweep") is { Length: > 0 } sweep && Names.IsValid(sweep))
        {
            await wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(entity, project, sweep)).AttachRunAsync(name);
        }

        GraphQLLog.RunUpserted(wandb.Logger, RunKey.From(entity, project, name), wandb.User.Id, result.Inserted);
        return new UpsertBucketPayload(
            RunNode.From(result.Run, projectInfo), result.Inserted, ServerSettingsModel.Empty, input.String("clientMutationId"));
    }

    /// <summary>
    /// Public-API updates must never change a run's state. They address the run by id without a name (Py16
    /// <c>run.update()</c> and summary updates) or come from a public client; New's run process also sends the id,
    /// but together with the name.
    /// </summary>
    private static bool IsPublicApiUpdate(WandbGraphQLContext wandb, IDictionary<string, object?> input, string? id) =>
        (!string.IsNullOrEmpty(id) && string.IsNullOrEmpty(input.String("name"))) ||
        wandb.Http.Request.Headers.UserAgent.ToString().Contains("Public Client", StringComparison.OrdinalIgnoreCase);

    private static async Task<object?> StopRunAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var location = await FindRunAsync(wandb, input.String("id"));
        await Access.EnsureCanWriteAsync(wandb, location.Entity, location.Project);
        var key = RunKey.From(location.Entity, location.Project, location.Name);
        var run = await wandb.Grains.GetGrain<IRunGrain>(key).RequestStopAsync();
        if (run is null)
        {
            throw WandbRequestError.NotFound($"Run '{input.String("id")}' was not found.");
        }

        GraphQLLog.StopRequested(wandb.Logger, key, wandb.User.Id);
        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>wandb.init(resume_from="run?_step=N")</c>: the run keeps its history up to step N (docs/protocol/runs.md#rewind-and-fork)
    /// and the client goes on at the <c>historyLineCount</c> and with the <c>config</c> of the answer. Only <c>_step</c>
    /// is a branch metric, as in W&amp;B.
    /// </summary>
    private static async Task<object?> RewindRunAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var project = Access.ProjectOrDefault(input.String("projectName"));
        var name = input.String("runName");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        Access.EnsureValidName(name, "run");
        if (input.String("metricName") != "_step")
        {
            throw new WandbRequestError($"rewindRun only supports the metric \"_step\", not \"{input.String("metricName")}\".", 400);
        }

        var step = input.TryGetValue("metricValue", out var value) ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
        if (!double.IsFinite(step) || step < 0)
        {
            throw new WandbRequestError("rewindRun needs a metricValue that is a step of the run (a number of at least 0).", 400);
        }

        // A run the caller may not read is answered as a missing one; a reader who may not write gets a permission error.
        if (!await wandb.CanReadAsync(entity, project))
        {
            throw new WandbRequestError($"Run \"{name}\" was not found.", 404);
        }

        await Access.EnsureCanWriteAsync(wandb, entity, project);
        var key = RunKey.From(entity, project, name!);
        var run = await wandb.Grains.GetGrain<IRunGrain>(key).RewindAsync(step)
                  ?? throw new WandbRequestError($"Run \"{name}\" was not found.", 404);
        GraphQLLog.RunRewound(wandb.Logger, key, wandb.User.Id, run.HistoryLineCount);
        return new RewindRunPayload(RunNode.From(run), input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>run.delete()</c>: the run, its log, history, file list and file bytes. Artifacts logged by the run stay
    /// (<c>deleteArtifacts</c> is accepted; artifacts outlive runs here, as their own issue decides).
    /// </summary>
    private static async Task<object?> DeleteRunAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var location = await FindRunAsync(wandb, input.String("id"));
        await Access.EnsureCanWriteAsync(wandb, location.Entity, location.Project);
        var key = RunKey.From(location.Entity, location.Project, location.Name);
        if (!await wandb.Grains.GetGrain<IRunGrain>(key).DeleteAsync())
        {
            throw WandbRequestError.NotFound($"Run '{input.String("id")}' was not found.");
        }

        var files = wandb.Http.RequestServices.GetRequiredService<IFileStore>();
        await files.DeletePrefixAsync(RunFileObjects.Prefix + key + "/", wandb.Http.RequestAborted);
        GraphQLLog.RunDeleted(wandb.Logger, key, wandb.User.Id);
        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    /// <summary>New's <c>run.update_state()</c>: only <c>pending</c> and <c>failed</c> may be set.</summary>
    private static async Task<object?> UpdateRunStateAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var location = await FindRunAsync(wandb, input.String("id"));
        await Access.EnsureCanWriteAsync(wandb, location.Entity, location.Project);
        var state = input.String("state");
        if (state is not (RunStates.Pending or RunStates.Failed))
        {
            throw new WandbRequestError($"A run's state can only be set to '{RunStates.Pending}' or '{RunStates.Failed}', not '{state}'.", 400);
        }

        var run = await wandb.Grains.GetGrain<IRunGrain>(RunKey.From(location.Entity, location.Project, location.Name)).SetStateAsync(state);
        return new SuccessPayload(run is not null, input.String("clientMutationId"));
    }

    /// <summary><c>wandb.alert()</c>: acknowledged and logged (without its text); forwarding alerts is optional.</summary>
    private static async Task<object?> NotifyAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var project = Access.ProjectOrDefault(input.String("projectName"));
        var run = input.String("runName");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        Access.EnsureValidName(run, "run");
        await Access.EnsureCanWriteAsync(wandb, entity, project);
        var severity = input.TryGetValue("severity", out var value) && value is not null ? value.ToString()!.ToUpperInvariant() : AlertSeverities.Info;
        var wait = input.TryGetValue("waitDuration", out var duration) && duration is not null
            ? (long)Math.Ceiling(Convert.ToDouble(duration, System.Globalization.CultureInfo.InvariantCulture))
            : (long?)null;
        var key = RunKey.From(entity, project, run!);
        GraphQLLog.AlertReceived(wandb.Logger, key, severity, input.String("title")?.Length ?? 0);
        await wandb.Grains.GetGrain<IRunAlertsGrain>(key)
            .NotifyAsync(new NewRunAlert(input.String("title") ?? "", input.String("text") ?? "", severity, wait, wandb.User.Id));
        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    private static async Task<RunLocation> FindRunAsync(WandbGraphQLContext wandb, string? id)
    {
        if (!RelayIds.TryDecodeNumber(id, "Run", out var runId))
        {
            throw new WandbRequestError($"'{id}' is not a run id.");
        }

        // A run the caller may not read is answered exactly as a missing one: naming the owner in a permission error
        // would tell anyone holding an id (ids are opaque, but they travel in links and logs) whose run it is.
        var location = await wandb.Directory.FindRunAsync(runId);
        return location is not null && await wandb.CanReadAsync(location.Entity, location.Project)
            ? location
            : throw WandbRequestError.NotFound($"Run '{id}' was not found.");
    }
}
