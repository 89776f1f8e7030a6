using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// <c>project</c>/<c>model</c>, the project listings, and the <c>Project</c> type with its run lookups and run
/// table. A missing or unreadable project or run is null without an error: resume relies on that
/// (<c>model: null</c>, <c>bucket: null</c> mean "does not exist").
/// </summary>
internal static class ProjectResolvers
{
    /// <summary>Page size when a listing gives no <c>first</c> (the Python clients' default).</summary>
    private const int DefaultPageSize = 50;

    public static void Register(TypeSettings types)
    {
        types.For("Query")
            .ResolveAsync("project", FindProjectAsync)
            .ResolveAsync("model", FindProjectAsync)
            .ResolveAsync("projects", ListProjectsAsync)
            .ResolveAsync("models", ListProjectsAsync);

        types.For("Mutation").ResolveAsync("upsertModel", UpsertModelAsync);

        types.For("Project")
            .Resolve<ProjectNode>("id", project => RelayIds.Project(project.Info.Id))
            .Resolve<ProjectNode>("internalId", project => checked((int)project.Info.Id))
            .Resolve<ProjectNode>("name", project => project.Info.Name)
            .Resolve<ProjectNode>("entityName", project => project.Info.Entity)
            .Resolve<ProjectNode>("entity", project => new EntityNode(project.Info.Entity))
            .Resolve<ProjectNode>("description", project => project.Info.Description)
            .Resolve<ProjectNode>("repo", _ => null)
            .Resolve<ProjectNode>("dockerImage", _ => null)
            .Resolve<ProjectNode>("access", project => project.Info.Access)
            .Resolve<ProjectNode>("views", _ => null)
            .Resolve<ProjectNode>("createdAt", project => project.Info.CreatedAt)
            .Resolve<ProjectNode>("isBenchmark", _ => false)
            .Resolve<ProjectNode>("readOnly", _ => false)
            .ResolveAsync<ProjectNode>("user", (project, context) => UserAsync(context.Wandb(), project.Info.CreatedBy))
            .ResolveAsync<ProjectNode>("run", (project, context) => FindRunAsync(project, context))
            .ResolveAsync<ProjectNode>("bucket", (project, context) => FindRunAsync(project, context))
            .ResolveAsync<ProjectNode>("runs", ListRunsAsync)
            .ResolveAsync<ProjectNode>("buckets", ListRunsAsync)
            .ResolveAsync<ProjectNode>("runCount", CountRunsAsync);
    }

    /// <summary>The owner of a run or project as a <c>User</c>, or null when unknown.</summary>
    public static async Task<object?> UserAsync(WandbGraphQLContext context, long userId)
    {
        if (userId == context.User.Id)
        {
            return new UserNode(context.User);
        }

        var user = await context.Directory.GetUserAsync(userId);
        return user is null ? null : new UserNode(user);
    }

    private static async Task<object?> FindProjectAsync(IResolveFieldContext context) =>
        await Access.FindProjectAsync(context.Wandb(), context.StringArgument("entityName"), context.StringArgument("name"));

    private static async Task<object?> FindRunAsync(ProjectNode project, IResolveFieldContext context)
    {
        var name = context.StringArgument("name");
        if (!Names.IsValid(name))
        {
            return null;
        }

        var info = await context.Wandb().Grains.GetGrain<IRunGrain>(RunKey.From(project.Info.Entity, project.Info.Name, name!)).GetAsync();
        return info is null ? null : RunNode.From(info, project.Info);
    }

    private static Task<object?> ListRunsAsync(ProjectNode project, IResolveFieldContext context) =>
        ListRunsAsync(project, context, context.StringArgument("filters"));

    /// <summary>A page of the project's runs matching <paramref name="filters"/> (a run-table filter, JSON text).</summary>
    public static async Task<object?> ListRunsAsync(ProjectNode project, IResolveFieldContext context, string? filters)
    {
        var query = new RunListQuery(
            context.StringArgument("order"),
            context.StringArgument("after"),
            Math.Clamp(context.IntArgument("first") ?? DefaultPageSize, 0, 1000),
            filters);
        var page = await ListAsync(context, project, query);
        var edges = page.Rows.Select(entry => new Edge<RunNode>(RunNode.From(project.Info, entry.Row), entry.Cursor)).ToList();
        var pageInfo = new PageInfo(edges.Count > 0 ? edges[^1].Cursor : null, page.HasNextPage);
        return new Connection<RunNode>(edges, pageInfo) { TotalCount = page.TotalCount };
    }

    private static async Task<object?> CountRunsAsync(ProjectNode project, IResolveFieldContext context)
    {
        var page = await ListAsync(context, project, new RunListQuery(null, null, 0, context.StringArgument("filters")));
        return page.TotalCount;
    }

    /// <summary>A run-table query; a filter or order the server does not understand fails the request with 400.</summary>
    private static async Task<RunPage> ListAsync(IResolveFieldContext context, ProjectNode project, RunListQuery query)
    {
        try
        {
            return await ProjectGrain(context, project).ListRunsAsync(query);
        }
        catch (ArgumentException e)
        {
            throw new WandbRequestError(e.Message, 400);
        }
    }

    private static async Task<object?> ListProjectsAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var entity = Access.EntityOrDefault(wandb, context.StringArgument("entityName"));
        if (!Names.IsValid(entity))
        {
            return null;
        }

        // Per project: an outsider sees an entity's open projects and nothing else.
        var projects = await wandb.Directory.ListReadableProjectsAsync(wandb.User.Id, entity);
        var nodes = projects.OrderBy(project => project.Name, StringComparer.Ordinal).Select(project => new ProjectNode(project)).ToList();
        return Connection<ProjectNode>.Page(nodes, node => node.Info.Name, context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
    }

    /// <summary>
    /// Creates or updates a project (<c>api.create_project</c>, New's <c>CreateProject</c>, the project settings page):
    /// description and visibility (<c>access</c>) are stored; repo, docker image, framework and views cannot be yet,
    /// and rather than drop them silently the call fails when they are given.
    /// </summary>
    private static async Task<object?> UpsertModelAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        if (!string.IsNullOrEmpty(input.String("id")) && string.IsNullOrEmpty(input.String("name")))
        {
            throw WandbRequestError.NotSupported("Updating a project by id alone");
        }

        foreach (var field in new[] { "repo", "dockerImage", "framework", "views" })
        {
            if (!string.IsNullOrEmpty(input.String(field)))
            {
                throw WandbRequestError.NotSupported($"Setting a project's {field}");
            }
        }

        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var name = input.String("name");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(name, "project");
        var access = input.String("access");
        if (!string.IsNullOrEmpty(access) && ProjectAccess.Normalize(access) is null)
        {
            throw new WandbRequestError($"'{access}' is not a visibility (private, team or open).");
        }

        await Access.EnsureCanWriteAsync(wandb, entity, name!);

        var grain = wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, name!));
        var existed = await grain.GetAsync() is not null;
        var info = await grain.EnsureAsync(wandb.User.Id);
        var description = input.String("description");
        if (!string.IsNullOrEmpty(access) || description is not null)
        {
            info = await TeamResolvers.CallAsync(() => wandb.Grains.Teams()
                .UpdateProjectAsync(TeamResolvers.Actor(wandb), entity, name!, access, description));
        }

        var node = new ProjectNode(info);
        return new UpsertModelPayload(node, node, !existed, input.String("clientMutationId"));
    }

    private static IProjectGrain ProjectGrain(IResolveFieldContext context, ProjectNode project) =>
        context.Wandb().Grains.GetGrain<IProjectGrain>(ProjectKey.From(project.Info.Entity, project.Info.Name));
}
