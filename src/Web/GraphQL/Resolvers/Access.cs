using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Name defaults and permission rules shared by the resolvers: a null entity is the caller's default entity, a
/// null project is <c>uncategorized</c>; writes to a foreign entity fail with an error, reads of what the caller
/// may not see look exactly like "not found".
/// </summary>
internal static class Access
{
    /// <summary>The project JS and the public API use when none is given.</summary>
    public const string DefaultProject = "uncategorized";

    public static string EntityOrDefault(WandbGraphQLContext context, string? entity) =>
        string.IsNullOrEmpty(entity) ? context.User.Entity : entity;

    public static string ProjectOrDefault(string? project) =>
        string.IsNullOrEmpty(project) ? DefaultProject : project;

    /// <summary>Fails with a message naming the problem when <paramref name="name"/> cannot be an entity, project or run name.</summary>
    public static void EnsureValidName(string? name, string what)
    {
        if (!Names.IsValid(name))
        {
            try
            {
                Names.EnsureValid(name, what);
            }
            catch (ArgumentException ex)
            {
                throw new WandbRequestError(ex.Message);
            }
        }
    }

    /// <summary>Fails with a permission error unless the caller may write to the project.</summary>
    public static async Task EnsureCanWriteAsync(WandbGraphQLContext context, string entity, string project)
    {
        if (!await context.CanWriteAsync(entity, project))
        {
            throw WandbRequestError.PermissionDenied(context.User.Username, entity);
        }
    }

    /// <summary>True when the names are valid and the caller may read the project.</summary>
    public static async Task<bool> CanReadAsync(WandbGraphQLContext context, string entity, string project) =>
        Names.IsValid(entity) && Names.IsValid(project) && await context.CanReadAsync(entity, project);

    /// <summary>A project the caller may read, or null when it does not exist or is not readable.</summary>
    public static async Task<ProjectNode?> FindProjectAsync(WandbGraphQLContext context, string? entity, string? project)
    {
        var entityName = EntityOrDefault(context, entity);
        var projectName = ProjectOrDefault(project);
        if (!await CanReadAsync(context, entityName, projectName))
        {
            return null;
        }

        var info = await context.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entityName, projectName)).GetAsync();
        return info is null ? null : new ProjectNode(info);
    }
}
