using System.Text.Json;
using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Sweeps;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Sweeps (docs/protocol/sweeps.md): <c>upsertSweep</c> (create, update, pause/resume/stop/cancel), <c>createAgent</c>,
/// <c>agentHeartbeat</c>, <c>enqueueSweepRun</c>, <c>Project.sweep/sweeps/totalSweeps</c> and the <c>Sweep</c> and
/// <c>Agent</c> types. Every call asks the one access rule about the sweep's project: reads need Read, everything an
/// agent or the CLI does needs Write; a sweep or agent the caller may not read answers exactly as a missing one.
/// </summary>
internal static class SweepResolvers
{
    private const int DefaultPageSize = 50;

    public static void Register(TypeSettings types)
    {
        types.For("Mutation")
            .ResolveAsync("upsertSweep", UpsertSweepAsync)
            .ResolveAsync("createAgent", CreateAgentAsync)
            .ResolveAsync("agentHeartbeat", HeartbeatAsync)
            .ResolveAsync("enqueueSweepRun", EnqueueRunAsync);

        types.For("Project")
            .ResolveAsync<ProjectNode>("sweep", (project, context) => FindSweepAsync(context, project, context.StringArgument("sweepName")))
            .ResolveAsync<ProjectNode>("sweeps", ListSweepsAsync)
            .ResolveAsync<ProjectNode>("totalSweeps", async (project, context) => (object?)(await SweepsGrain(context, project).ListAsync()).Count);

        types.For("Sweep")
            .Resolve<SweepNode>("id", sweep => RelayIds.Sweep(SweepKey.From(sweep.Info.Entity, sweep.Info.Project, sweep.Info.Name)))
            .Resolve<SweepNode>("name", sweep => sweep.Info.Name)
            .Resolve<SweepNode>("displayName", sweep => sweep.Info.DisplayName ?? sweep.Info.Name)
            .Resolve<SweepNode>("method", sweep => sweep.Info.Method)
            .Resolve<SweepNode>("state", sweep => sweep.Info.State)
            .Resolve<SweepNode>("description", sweep => sweep.Info.Description)
            .Resolve<SweepNode>("bestLoss", sweep => sweep.Info.BestLoss)
            .Resolve<SweepNode>("config", sweep => sweep.Info.Config)
            .Resolve<SweepNode>("createdAt", sweep => sweep.Info.CreatedAt)
            .Resolve<SweepNode>("updatedAt", sweep => sweep.Info.UpdatedAt)
            .Resolve<SweepNode>("heartbeatAt", sweep => sweep.Info.HeartbeatAt)
            .Resolve<SweepNode>("earlyStopJobRunning", sweep => sweep.Info.EarlyTerminate && sweep.Info.State == SweepStates.Running)
            .Resolve<SweepNode>("controller", sweep => sweep.Info.Controller)
            .Resolve<SweepNode>("scheduler", sweep => sweep.Info.Scheduler)
            .Resolve<SweepNode>("runCount", sweep => sweep.Info.RunCount)
            .Resolve<SweepNode>("runCountExpected", sweep => sweep.Info.RunCountExpected)
            .Resolve<SweepNode>("project", sweep => new ProjectNode(sweep.Project))
            .ResolveAsync<SweepNode>("user", (sweep, context) => ProjectResolvers.UserAsync(context.Wandb(), sweep.Info.CreatedByUserId))
            .ResolveAsync<SweepNode>("runs", (sweep, context) => ProjectResolvers.ListRunsAsync(
                new ProjectNode(sweep.Project), context, SweepFilter(sweep.Info.Name, null)))
            .ResolveAsync<SweepNode>("agents", ListAgentsAsync)
            .ResolveAsync<SweepNode>("agent", FindAgentAsync);

        types.For("Agent")
            .Resolve<AgentNode>("id", agent => RelayIds.Agent(SweepKey.From(agent.Sweep.Info.Entity, agent.Sweep.Info.Project, agent.Sweep.Info.Name), agent.Info.Name))
            .Resolve<AgentNode>("name", agent => agent.Info.Name)
            .Resolve<AgentNode>("host", agent => agent.Info.Host)
            .Resolve<AgentNode>("state", agent => agent.Info.State)
            .Resolve<AgentNode>("totalRuns", agent => agent.Info.TotalRuns)
            .Resolve<AgentNode>("createdAt", agent => agent.Info.CreatedAt)
            .Resolve<AgentNode>("heartbeatAt", agent => agent.Info.HeartbeatAt)
            .Resolve<AgentNode>("sweep", agent => agent.Sweep)
            .ResolveAsync<AgentNode>("user", (agent, context) => ProjectResolvers.UserAsync(context.Wandb(), agent.Info.UserId))
            .ResolveAsync<AgentNode>("runs", (agent, context) => ProjectResolvers.ListRunsAsync(
                new ProjectNode(agent.Sweep.Project), context, SweepFilter(agent.Sweep.Info.Name, agent.Info.RunNames)));
    }

    /// <summary>The run-table filter of a sweep's runs (and of an agent's among them), combined with the caller's own.</summary>
    private static string SweepFilter(string sweep, IReadOnlyList<string>? runs)
    {
        var clauses = new List<object> { new Dictionary<string, object> { ["sweep"] = sweep } };
        if (runs is not null)
        {
            clauses.Add(new Dictionary<string, object> { ["name"] = new Dictionary<string, object> { ["$in"] = runs } });
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["$and"] = clauses });
    }

    private static async Task<object?> UpsertSweepAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        string entity, project, name;
        var id = input.String("id");
        var inserting = string.IsNullOrEmpty(id);
        if (!inserting)
        {
            (entity, project, name) = await LocateAsync(wandb, id!);
        }
        else
        {
            entity = Access.EntityOrDefault(wandb, input.String("entityName"));
            project = Access.ProjectOrDefault(input.String("projectName"));
            Access.EnsureValidName(entity, "entity");
            Access.EnsureValidName(project, "project");
            name = RunMutationResolvers.NewRunName();
        }

        await Access.EnsureCanWriteAsync(wandb, entity, project);
        var projectInfo = await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).EnsureAsync(wandb.User.Id);
        var priorRuns = await PriorRunsAsync(wandb, entity, project, input.String("priorRunsFilters"));
        var result = await Call(() => wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(entity, project, name)).UpsertAsync(new SweepUpsert
        {
            Config = input.String("config"),
            Description = input.String("description"),
            DisplayName = input.String("displayName"),
            State = input.String("state"),
            Controller = input.String("controller"),
            Scheduler = input.String("scheduler") ?? input.String("launchScheduler"),
            UserId = wandb.User.Id,
            PriorRuns = priorRuns,
        }));

        // Prior runs (wandb sweep --prior_run, wandb.sweep(prior_runs=…)) become the sweep's runs as W&B shows them:
        // Run.sweepName names the sweep and sweep.runs lists them. The sweep grain already holds them, so a call that
        // fails here is repaired by sending the same upsert again.
        foreach (var batch in priorRuns.Chunk(64))
        {
            await Task.WhenAll(batch.Select(run => wandb.Grains.GetGrain<IRunGrain>(RunKey.From(entity, project, run))
                .UpsertAsync(new RunUpsert { SweepName = name, UserId = wandb.User.Id, FromPublicApi = true })));
        }

        return new UpsertSweepPayload(new SweepNode(result.Sweep, projectInfo), result.Inserted, result.Warnings, input.String("clientMutationId"));
    }

    /// <summary>The names of the project's runs a <c>priorRunsFilters</c> run-table filter selects.</summary>
    private static async Task<IReadOnlyList<string>> PriorRunsAsync(WandbGraphQLContext wandb, string entity, string project, string? filters)
    {
        if (string.IsNullOrWhiteSpace(filters) || filters.Trim() is "{}" or "null")
        {
            return [];
        }

        try
        {
            var page = await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project))
                .ListRunsAsync(new RunListQuery(null, null, SweepLimits.MaxRuns, filters));
            return page.Rows.Select(entry => entry.Row.Name).ToArray();
        }
        catch (ArgumentException e)
        {
            throw new WandbRequestError(e.Message, 400);
        }
    }

    private static async Task<object?> CreateAgentAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var project = Access.ProjectOrDefault(input.String("projectName"));
        var sweepName = input.String("sweep");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        Access.EnsureValidName(sweepName, "sweep");
        var sweep = await FindSweepAsync(wandb, entity, project, sweepName!) ?? throw SweepNotFound(sweepName);
        await Access.EnsureCanWriteAsync(wandb, entity, project);
        var agent = await Call(() => wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(entity, project, sweepName!))
            .CreateAgentAsync(input.String("host") ?? "", wandb.User.Id));
        return new CreateAgentPayload(new AgentNode(agent, sweep), input.String("clientMutationId"));
    }

    private static async Task<object?> HeartbeatAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("id");
        var (entity, project, sweepName, agentName) = ParseAgentId(id) ?? throw AgentNotFound(id);
        var sweep = await FindSweepAsync(wandb, entity, project, sweepName) ?? throw AgentNotFound(id);
        await Access.EnsureCanWriteAsync(wandb, entity, project);
        var running = RunningRuns(input.String("runState"));
        var answer = await Call(() => wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(entity, project, sweepName))
            .HeartbeatAsync(new AgentHeartbeat(agentName, running)));
        return new AgentHeartbeatPayload(new AgentNode(answer.Agent, sweep), answer.CommandsJson, input.String("clientMutationId"));
    }

    private static async Task<object?> EnqueueRunAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("id");
        var (entity, project, name) = await LocateAsync(wandb, id);
        await Access.EnsureCanWriteAsync(wandb, entity, project);
        var runId = await Call(() => wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(entity, project, name))
            .EnqueueRunAsync(input.String("config") ?? "{}", input.String("displayName")));
        return new EnqueueSweepRunPayload(runId, null, input.String("clientMutationId"));
    }

    /// <summary>
    /// The run ids an agent still runs: <c>runState</c> is <c>{"run id": true}</c> (wandb v0.16.6 wandb_agent.py; a
    /// finished run is simply absent).
    /// </summary>
    private static IReadOnlyList<string> RunningRuns(string? runState)
    {
        if (string.IsNullOrWhiteSpace(runState))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(runState);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new WandbRequestError("runState must be a JSON object of run ids.", 400);
            }

            var runs = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (runs.Count >= SweepLimits.MaxHeartbeatRuns)
                {
                    throw new WandbRequestError($"A heartbeat may list at most {SweepLimits.MaxHeartbeatRuns} runs.", 400);
                }

                if (property.Value.ValueKind != JsonValueKind.False && property.Value.ValueKind != JsonValueKind.Null)
                {
                    runs.Add(property.Name);
                }
            }

            return runs;
        }
        catch (JsonException)
        {
            throw new WandbRequestError("runState must be a JSON object of run ids.", 400);
        }
    }

    /// <summary>
    /// The sweep a mutation names by id: one the caller may not read is "not found", exactly as a missing one;
    /// whether they may write is checked by the caller.
    /// </summary>
    private static async Task<(string Entity, string Project, string Name)> LocateAsync(WandbGraphQLContext wandb, string? id)
    {
        var key = RelayIds.TryDecodeText(id, "Sweep");
        if (key is null || key.Split('/') is not { Length: 3 } parts || parts.Any(p => !Names.IsValid(p)))
        {
            throw SweepNotFound(id);
        }

        if (await FindSweepAsync(wandb, parts[0], parts[1], parts[2]) is null)
        {
            throw SweepNotFound(id);
        }

        return (parts[0], parts[1], parts[2]);
    }

    private static (string Entity, string Project, string Sweep, string Agent)? ParseAgentId(string? id)
    {
        var text = RelayIds.TryDecodeText(id, "Agent");
        return text?.Split('/') is { Length: 4 } parts && parts.All(Names.IsValid) ? (parts[0], parts[1], parts[2], parts[3]) : null;
    }

    private static async Task<object?> FindSweepAsync(IResolveFieldContext context, ProjectNode project, string? name) =>
        Names.IsValid(name) ? await FindSweepAsync(context.Wandb(), project.Info, name!) : null;

    /// <summary>The sweep when it exists and the caller may read its project; null otherwise.</summary>
    private static async Task<SweepNode?> FindSweepAsync(WandbGraphQLContext wandb, string entity, string project, string name)
    {
        if (!await Access.CanReadAsync(wandb, entity, project) || !Names.IsValid(name))
        {
            return null;
        }

        var projectInfo = await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).GetAsync();
        return projectInfo is null ? null : await FindSweepAsync(wandb, projectInfo, name);
    }

    private static async Task<SweepNode?> FindSweepAsync(WandbGraphQLContext wandb, ProjectInfo project, string name)
    {
        var info = await wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(project.Entity, project.Name, name)).GetAsync();
        return info is null ? null : new SweepNode(info, project);
    }

    private static async Task<object?> ListSweepsAsync(ProjectNode project, IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var (state, name) = ParseSweepFilters(context.StringArgument("filters"));
        var nodes = new List<SweepNode>();
        foreach (var sweepName in await SweepsGrain(context, project).ListAsync())
        {
            if (name is not null && sweepName != name)
            {
                continue;
            }

            var info = await wandb.Grains.GetGrain<ISweepGrain>(SweepKey.From(project.Info.Entity, project.Info.Name, sweepName)).GetAsync();
            if (info is not null && (state is null || string.Equals(info.State, state, StringComparison.OrdinalIgnoreCase)))
            {
                nodes.Add(new SweepNode(info, project.Info));
            }
        }

        var order = context.StringArgument("order") ?? "-createdAt";
        IEnumerable<SweepNode> ordered = order.TrimStart('+', '-') switch
        {
            "createdAt" or "created_at" => nodes.OrderBy(n => n.Info.CreatedAt).ThenBy(n => n.Info.Name, StringComparer.Ordinal),
            "name" => nodes.OrderBy(n => n.Info.Name, StringComparer.Ordinal),
            _ => throw new WandbRequestError($"Unknown sweep order '{order}': use createdAt or name, with + or -.", 400),
        };
        if (order.StartsWith('-'))
        {
            ordered = ordered.Reverse();
        }

        // Cursors are positions in this order (sweeps are few per project and never deleted here).
        var list = ordered.ToList();
        var cursors = list.Select((n, i) => (n, Cursor: i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var page = Connection<(SweepNode Node, string Cursor)>.Page(cursors, c => c.Cursor, context.StringArgument("after"),
            Math.Clamp(context.IntArgument("first") ?? DefaultPageSize, 0, 1000));
        return new Connection<SweepNode>(page.Edges.Select(e => new Edge<SweepNode>(e.Node.Node, e.Cursor)).ToList(), page.PageInfo)
        {
            TotalCount = list.Count,
        };
    }

    /// <summary>
    /// The sweep filters the newest clients send (<c>api.project(...).sweeps(filters=...)</c>): <c>{}</c>, or
    /// <c>state</c> and <c>name</c> equalities, alone or under <c>$and</c>.
    /// </summary>
    private static (string? State, string? Name) ParseSweepFilters(string? filters)
    {
        if (string.IsNullOrWhiteSpace(filters))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(filters);
            string? state = null, name = null;
            void Read(JsonElement clause)
            {
                if (clause.ValueKind != JsonValueKind.Object)
                {
                    throw new WandbRequestError("Sweep filters must be a JSON object.", 400);
                }

                foreach (var property in clause.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "$and" when property.Value.ValueKind == JsonValueKind.Array:
                            foreach (var inner in property.Value.EnumerateArray())
                            {
                                Read(inner);
                            }

                            break;
                        case "state" when property.Value.ValueKind == JsonValueKind.String:
                            state = property.Value.GetString();
                            break;
                        case "name" when property.Value.ValueKind == JsonValueKind.String:
                            name = property.Value.GetString();
                            break;
                        default:
                            throw new WandbRequestError($"Unsupported sweep filter '{property.Name}': filter sweeps by state or name.", 400);
                    }
                }
            }

            Read(document.RootElement);
            return (state, name);
        }
        catch (JsonException)
        {
            throw new WandbRequestError("Sweep filters must be a JSON object.", 400);
        }
    }

    private static async Task<object?> ListAgentsAsync(SweepNode sweep, IResolveFieldContext context)
    {
        var agents = await context.Wandb().Grains.GetGrain<ISweepGrain>(SweepKey.From(sweep.Info.Entity, sweep.Info.Project, sweep.Info.Name)).GetAgentsAsync();
        var nodes = agents.Select(a => new AgentNode(a, sweep)).ToList();
        return Connection<AgentNode>.Page(nodes, n => n.Info.CreatedAt.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + n.Info.Name,
            context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
    }

    private static async Task<object?> FindAgentAsync(SweepNode sweep, IResolveFieldContext context)
    {
        var name = context.StringArgument("agentName");
        var agents = await context.Wandb().Grains.GetGrain<ISweepGrain>(SweepKey.From(sweep.Info.Entity, sweep.Info.Project, sweep.Info.Name)).GetAgentsAsync();

        // The newest clients pass the agent's id (what they were given) or its name.
        var agent = agents.FirstOrDefault(a => a.Name == name)
                    ?? agents.FirstOrDefault(a => RelayIds.Agent(SweepKey.From(sweep.Info.Entity, sweep.Info.Project, sweep.Info.Name), a.Name) == name);
        return agent is null ? null : new AgentNode(agent, sweep);
    }

    private static IProjectSweepsGrain SweepsGrain(IResolveFieldContext context, ProjectNode project) =>
        context.Wandb().Grains.GetGrain<IProjectSweepsGrain>(ProjectKey.From(project.Info.Entity, project.Info.Name));

    /// <summary>A grain call whose input errors (bad config, unknown agent) become a 400 with the grain's message.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ArgumentException e)
        {
            throw new WandbRequestError(e.Message, 400);
        }
    }

    private static WandbRequestError SweepNotFound(string? id) => new($"Sweep '{id}' was not found.");

    private static WandbRequestError AgentNotFound(string? id) => new($"Agent '{id}' was not found.");
}
