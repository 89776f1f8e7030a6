using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Views;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Saved views, W&amp;B's views model (wandb v0.16.6 wandb/apis/reports/v1/mutations.py, wandb/apis/public/reports.py):
/// <c>upsertView</c>, <c>deleteView</c>, <c>view(id)</c> and <c>Project.allViews</c>, over the project's
/// <see cref="IProjectViewsGrain"/>. Every call asks the one access rule about the view's project: reading needs Read,
/// saving needs Write; changing or deleting another user's view needs Administer. A view the caller may not read
/// answers exactly as a missing one.
/// </summary>
internal static class ViewResolvers
{
    private const int DefaultPageSize = 50;

    public static void Register(TypeSettings types)
    {
        types.For("Query").ResolveAsync("view", FindAsync);
        types.For("Mutation")
            .ResolveAsync("upsertView", UpsertAsync)
            .ResolveAsync("deleteView", DeleteAsync);
        types.For("Project").ResolveAsync<ProjectNode>("allViews", ListAsync);
        types.For("View")
            .Resolve<ViewNode>("id", view => Id(view.Entity, view.Project, view.View.Id))
            .Resolve<ViewNode>("type", view => view.View.Type)
            .Resolve<ViewNode>("name", view => view.View.Name)
            .Resolve<ViewNode>("displayName", view => view.View.DisplayName ?? view.View.Name)
            .Resolve<ViewNode>("description", view => view.View.Description)
            .Resolve<ViewNode>("spec", view => view.View.Spec)
            .Resolve<ViewNode>("entityName", view => view.Entity)
            .Resolve<ViewNode>("projectName", view => view.Project)
            .Resolve<ViewNode>("createdAt", view => view.View.CreatedAt)
            .Resolve<ViewNode>("updatedAt", view => view.View.UpdatedAt)
            .ResolveAsync<ViewNode>("user", (view, context) => ProjectResolvers.UserAsync(context.Wandb(), view.View.UserId))
            .ResolveAsync<ViewNode>("project", (view, context) => ProjectAsync(context.Wandb(), view));
    }

    /// <summary>A view's id: <c>base64("View:entity/project/n")</c>, so <c>view(id)</c> finds its project from the id alone.</summary>
    public static string Id(string entity, string project, string local) => RelayIds.Encode("View", $"{entity}/{project}/{local}");

    private static (string Entity, string Project, string Local)? Parse(string? id) =>
        RelayIds.TryDecodeText(id, "View")?.Split('/') is { Length: 3 } parts && Names.IsValid(parts[0]) && Names.IsValid(parts[1])
            && long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? (parts[0], parts[1], parts[2])
            : null;

    private static IProjectViewsGrain Grain(WandbGraphQLContext wandb, string entity, string project) =>
        wandb.Grains.GetGrain<IProjectViewsGrain>(ProjectKey.From(entity, project));

    private static async Task<object?> ProjectAsync(WandbGraphQLContext wandb, ViewNode view) =>
        await Access.FindProjectAsync(wandb, view.Entity, view.Project);

    private static async Task<object?> FindAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        return await FindAsync(wandb, context.StringArgument("id"));
    }

    /// <summary>The view when it exists and the caller may read its project; null otherwise.</summary>
    private static async Task<ViewNode?> FindAsync(WandbGraphQLContext wandb, string? id)
    {
        if (Parse(id) is not var (entity, project, local) || !await Access.CanReadAsync(wandb, entity, project))
        {
            return null;
        }

        return await Grain(wandb, entity, project).GetAsync(local) is { } view ? new ViewNode(view, entity, project) : null;
    }

    private static async Task<object?> ListAsync(ProjectNode node, IResolveFieldContext context)
    {
        var project = node.Info;
        var views = await Grain(context.Wandb(), project.Entity, project.Name)
            .ListAsync(context.StringArgument("viewType") ?? "runs", context.StringArgument("viewName"));
        var nodes = views.Select(v => new ViewNode(v, project.Entity, project.Name)).ToArray();
        // Newest first: the cursor is the position, written so that later positions sort after earlier ones.
        var cursors = nodes.Select((node, i) => (node, cursor: i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(p => p.node, p => p.cursor);
        return Connection<ViewNode>.Page(nodes, node => cursors[node], context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
    }

    private static async Task<object?> UpsertAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("id");
        string entity, project;
        string? local = null;
        if (!string.IsNullOrEmpty(id))
        {
            var found = await FindAsync(wandb, id) ?? throw NotFound(id);
            (entity, project, local) = (found.Entity, found.Project, found.View.Id);
        }
        else
        {
            entity = Access.EntityOrDefault(wandb, input.String("entityName"));
            project = Access.ProjectOrDefault(input.String("projectName"));
            Access.EnsureValidName(entity, "entity");
            Access.EnsureValidName(project, "project");
        }

        var level = await wandb.AccessAsync(entity, project);
        if (level < AccessLevel.Write)
        {
            if (level < AccessLevel.Read && local is null)
            {
                // Saving into a project the caller may not even see: as if it did not exist.
                throw new WandbRequestError($"Project '{entity}/{project}' was not found.");
            }

            throw WandbRequestError.PermissionDenied(wandb.User.Username, entity);
        }

        var spec = input.String("spec") ?? throw new WandbRequestError("upsertView needs a spec.", 400);
        try
        {
            var result = await Grain(wandb, entity, project).UpsertAsync(new ViewUpsert(
                local, input.String("type") ?? "runs", input.String("name"), input.String("displayName"), input.String("description"), spec,
                wandb.User.Id, level >= AccessLevel.Administer));
            return new UpsertViewPayload(new ViewNode(result.View, entity, project), result.Inserted, input.String("clientMutationId"));
        }
        catch (ViewAccessException)
        {
            throw WandbRequestError.PermissionDenied(wandb.User.Username, entity);
        }
        catch (KeyNotFoundException)
        {
            throw NotFound(id);
        }
    }

    private static async Task<object?> DeleteAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("id");
        var found = await FindAsync(wandb, id) ?? throw NotFound(id);
        var level = await wandb.AccessAsync(found.Entity, found.Project);
        if (level < AccessLevel.Write)
        {
            throw WandbRequestError.PermissionDenied(wandb.User.Username, found.Entity);
        }

        try
        {
            var deleted = await Grain(wandb, found.Entity, found.Project).DeleteAsync(found.View.Id, wandb.User.Id, level >= AccessLevel.Administer);
            return new SuccessPayload(deleted, input.String("clientMutationId"));
        }
        catch (ViewAccessException)
        {
            throw WandbRequestError.PermissionDenied(wandb.User.Username, found.Entity);
        }
    }

    private static WandbRequestError NotFound(string? id) => new($"View '{id}' was not found.");
}
