using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// <c>viewer</c> and the <c>User</c>, <c>Entity</c> and <c>ApiKey</c> types. Every client verifies its key with
/// <c>viewer</c>; <c>entity</c> must be the non-empty default entity and <c>flags</c> a JSON string (Py16 crashes
/// on null).
/// </summary>
internal static class ViewerResolvers
{
    /// <summary>The flags JSONString: no per-user flags, but never null.</summary>
    private const string NoFlags = "{}";

    public static void Register(TypeSettings types)
    {
        types.For("Query").Resolve("viewer", context => new UserNode(context.Wandb().User));

        types.For("User")
            .Resolve<UserNode>("id", user => RelayIds.User(user.Identity.Id))
            .Resolve<UserNode>("name", user => user.Identity.Username)
            .Resolve<UserNode>("username", user => user.Identity.Username)
            .Resolve("email", context => MaySeePrivateFields(context) ? ((UserNode)context.Source!).Identity.Email : null)
            .Resolve<UserNode>("admin", user => user.Identity.Admin)
            .Resolve<UserNode>("flags", _ => NoFlags)
            .Resolve<UserNode>("entity", user => user.Identity.Entity)
            .Resolve<UserNode>("deletedAt", _ => null)
            .Resolve<UserNode>("photoUrl", _ => null)
            .Resolve<UserNode>("accountType", _ => "USER")
            .ResolveAsync<UserNode>("apiKeys", ApiKeysAsync)
            .ResolveAsync<UserNode>("teams", TeamsAsync);

        var entity = types.For("Entity")
            .Resolve<EntityNode>("id", node => node.Id)
            .Resolve<EntityNode>("name", node => node.Name);
        foreach (var unknown in new[] { "photoUrl", "readOnlyAdmin", "storageBytes", "codeSavingEnabled", "isPaid", "limits" })
        {
            // Details this server does not track are null, not invented.
            entity.Resolve<EntityNode>(unknown, _ => null);
        }
    }

    /// <summary>Keys, e-mail addresses and team memberships are shown to their owner and to instance admins only.</summary>
    private static bool MaySeePrivateFields(IResolveFieldContext context)
    {
        var viewer = context.Wandb().User;
        return viewer.Admin || ((UserNode)context.Source!).Identity.Id == viewer.Id;
    }

    private static async Task<object?> ApiKeysAsync(UserNode user, IResolveFieldContext context)
    {
        if (!MaySeePrivateFields(context))
        {
            return Connection<ApiKeyNode>.All([]);
        }

        var keys = await context.Wandb().Directory.GetApiKeysAsync(user.Identity.Id);
        var nodes = keys.Select(key => new ApiKeyNode(RelayIds.ApiKey(key.Id), key.MaskedKey, key.Description)).ToList();

        // Right after createUser, the new key is shown in plain text once (api.create_user(...).api_keys).
        if (context.Wandb().Http.Items[TeamResolvers.CreatedKeysItem] is ApiKeyNode created)
        {
            nodes = nodes.Select(node => node.Id == created.Id ? created : node).ToList();
        }

        return Connection<ApiKeyNode>.All(nodes);
    }

    private static async Task<object?> TeamsAsync(UserNode user, IResolveFieldContext context)
    {
        // Someone else's memberships (private teams among them) are theirs: a run's reader sees who logged it, not where else they work.
        if (!MaySeePrivateFields(context))
        {
            return Connection<EntityNode>.All([]);
        }

        var entities = await context.Wandb().Directory.GetEntitiesAsync(user.Identity.Id);
        return Connection<EntityNode>.All(entities.Select(name => new EntityNode(name)).ToList());
    }
}
