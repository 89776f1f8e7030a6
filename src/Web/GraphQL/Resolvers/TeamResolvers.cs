using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// The admin surface of <c>wandb.Api()</c> (wire reference §9.5) and the team pages: <c>entity(name)</c> with its
/// members, <c>users</c>, <c>createUser</c>, <c>generateApiKey</c>/<c>deleteApiKey</c>, <c>createTeam</c>,
/// <c>createInvite</c>/<c>deleteInvite</c>, <c>createServiceAccount</c>, role changes, project deletion and the
/// audit log. Who may do what is decided by <see cref="ITeamsGrain"/>; this class only maps shapes and errors.
/// </summary>
internal static class TeamResolvers
{
    public static void Register(TypeSettings types)
    {
        types.For("Query")
            .ResolveAsync("entity", EntityAsync)
            .ResolveAsync("users", UsersAsync)
            .ResolveAsync("auditLog", AuditLogAsync);

        types.For("Mutation")
            .ResolveAsync("createUser", CreateUserAsync)
            .ResolveAsync("deactivateUser", context => SetDeactivatedAsync(context, deactivated: true))
            .ResolveAsync("reactivateUser", context => SetDeactivatedAsync(context, deactivated: false))
            .ResolveAsync("generateApiKey", GenerateApiKeyAsync)
            .ResolveAsync("createAnonymousEntity", CreateAnonymousEntityAsync)
            .ResolveAsync("deleteApiKey", DeleteApiKeyAsync)
            .ResolveAsync("createTeam", CreateTeamAsync)
            .ResolveAsync("createInvite", CreateInviteAsync)
            .ResolveAsync("deleteInvite", DeleteInviteAsync)
            .ResolveAsync("createServiceAccount", CreateServiceAccountAsync)
            .ResolveAsync("updateTeamMember", UpdateTeamMemberAsync)
            .ResolveAsync("deleteProject", DeleteProjectAsync);

        types.For("Entity")
            .ResolveAsync<EntityNode>("members", async (node, context) => (await InfoAsync(node, context))?.Members ?? [])
            .ResolveAsync<EntityNode>("isTeam", async (node, context) => (await InfoAsync(node, context))?.IsTeam)
            .ResolveAsync<EntityNode>("entityType", async (node, context) => (await InfoAsync(node, context))?.IsTeam switch
            {
                true => "TEAM",
                false => "USER",
                null => null,
            })
            .ResolveAsync<EntityNode>("viewerRole", async (node, context) => (await InfoAsync(node, context))?.CallerRole)
            .ResolveAsync<EntityNode>("invites", async (node, context) => (await InfoAsync(node, context))?.Invites.Select(PendingNode).ToList() ?? [])
            .Resolve<EntityNode>("available", _ => false)
            .Resolve<EntityNode>("readOnly", _ => false)
            .Resolve<EntityNode>("privateOnly", _ => false)
            .Resolve<EntityNode>("defaultAccess", _ => ProjectAccess.Team);

        types.For("Member")
            .Resolve<TeamMember>("id", member => RelayIds.User(member.UserId))
            .Resolve<TeamMember>("admin", member => member.Role == "admin")
            .Resolve<TeamMember>("pending", _ => false)
            .Resolve<TeamMember>("email", member => member.Email)
            .Resolve<TeamMember>("username", member => member.Username)
            .Resolve<TeamMember>("name", member => member.Username)
            .Resolve<TeamMember>("photoUrl", _ => null)
            .Resolve<TeamMember>("accountType", member => member.Service ? "SERVICE" : "MEMBER")
            .Resolve<TeamMember>("apiKey", member => member.ServiceKey)
            .Resolve<TeamMember>("role", member => member.Role);

        types.For("Invite")
            .Resolve<InviteNode>("id", invite => invite.Id)
            .Resolve<InviteNode>("name", invite => invite.Name)
            .Resolve<InviteNode>("email", invite => invite.Email)
            .Resolve<InviteNode>("createdAt", invite => invite.CreatedAt)
            .Resolve<InviteNode>("role", invite => invite.Role)
            .Resolve<InviteNode>("pending", invite => invite.Pending)
            .Resolve<InviteNode>("toUser", invite => invite.ToUser is { } user ? new UserNode(user) : null);

        types.For("AuditLogEntry")
            .Resolve<AuditEntry>("id", entry => entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Resolve<AuditEntry>("at", entry => entry.At)
            .Resolve<AuditEntry>("actor", entry => entry.ActorName)
            .Resolve<AuditEntry>("action", entry => entry.Action)
            .Resolve<AuditEntry>("target", entry => entry.Target)
            .Resolve<AuditEntry>("detail", entry => entry.Detail)
            .Resolve<AuditEntry>("address", entry => entry.Address);
    }

    /// <summary>Who is asking, for the audit log.</summary>
    public static Actor Actor(WandbGraphQLContext wandb) =>
        Accounts.AccountEndpoints.ActorOf(wandb.Http, wandb.User.Id);

    private static ITeamsGrain Teams(WandbGraphQLContext wandb) => wandb.Grains.Teams();

    private static async Task<TeamInfo?> InfoAsync(EntityNode node, IResolveFieldContext context)
    {
        if (node.Info is not null)
        {
            return node.Info;
        }

        var wandb = context.Wandb();
        return await Teams(wandb).GetTeamAsync(Actor(wandb), node.Name);
    }

    private static async Task<object?> EntityAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var name = Access.EntityOrDefault(wandb, context.StringArgument("name"));
        var info = await Teams(wandb).GetTeamAsync(Actor(wandb), name);
        return info is null ? null : new EntityNode(info.Name, info);
    }

    private static async Task<object?> UsersAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var users = await CallAsync(() => Teams(wandb).SearchUsersAsync(Actor(wandb), context.StringArgument("query")));
        var nodes = users.Select(user => new UserNode(user)).ToList();
        return Connection<UserNode>.Page(nodes, node => node.Identity.Username, context.StringArgument("after"), context.IntArgument("first") ?? 1000);
    }

    private static async Task<object?> AuditLogAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        long? before = long.TryParse(context.StringArgument("before"), out var id) ? id : null;
        return await CallAsync(() => wandb.Grains.AuditLog().ListAsync(wandb.User.Id, before, context.IntArgument("first") ?? 100));
    }

    private static async Task<object?> CreateUserAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var email = input.String("email") ?? throw new WandbRequestError("createUser needs an email.");
        var created = await CallAsync(() => Teams(wandb).CreateUserAsync(Actor(wandb), email, input.String("username"), input.Bool("admin") ?? false));

        // The only answer that carries the new user's key in plain text, so api.create_user(...).api_keys works.
        wandb.Http.Items[CreatedKeysItem] = new ApiKeyNode(RelayIds.ApiKey(created.KeyInfo.Id), created.ApiKey, created.KeyInfo.Description);
        return new UserPayload(new UserNode(created.User), input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>deactivateUser</c> / <c>reactivateUser</c>: the admin page's Deactivate and Reactivate
    /// (<see cref="IAccountsGrain.SetDeactivatedAsync"/>, which checks that the caller is an instance admin).
    /// An unknown user id answers not found.
    /// </summary>
    private static async Task<object?> SetDeactivatedAsync(IResolveFieldContext context, bool deactivated)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("id");
        if (!RelayIds.TryDecodeNumber(id, "User", out var userId))
        {
            throw new WandbRequestError($"'{id}' is not a user id.");
        }

        var changed = await CallAsync(() => wandb.Grains.Accounts().SetDeactivatedAsync(Actor(wandb), userId, deactivated));
        if (!changed)
        {
            throw WandbRequestError.NotFound($"User '{id}' was not found.");
        }

        var user = await wandb.Grains.Directory().GetUserAsync(userId);
        return new UserPayload(user is null ? null : new UserNode(user), input.String("clientMutationId"));
    }

    /// <summary>Where <c>createUser</c> leaves the plaintext key for <c>User.apiKeys</c> of the same response.</summary>
    internal const string CreatedKeysItem = "wandb.created-api-key";

    private static async Task<object?> GenerateApiKeyAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var issued = await wandb.Grains.Accounts().CreateApiKeyAsync(wandb.User.Id, input.String("description"));
        await wandb.Grains.AuditLog().AppendAsync(Actor(wandb), "apikey.create", $"user/{wandb.User.Username}", issued.Info.MaskedKey);

        // The client takes ApiKey.name as the key itself; this is the one response that has it.
        return new ApiKeyPayload(new ApiKeyNode(RelayIds.ApiKey(issued.Info.Id), issued.Key, issued.Info.Description), input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>wandb.login(anonymous="must")</c> (wandb v0.22.3 <c>wandb/sdk/internal/internal_api.py:Api.create_anonymous_api_key</c>):
    /// a new anonymous user and its key, which the client reads from <c>apiKey.name</c>. Callers need no key
    /// (<see cref="AnonymousSignup"/>); the accounts grain refuses when anonymous accounts are off.
    /// </summary>
    private static async Task<object?> CreateAnonymousEntityAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var issued = await wandb.Grains.Accounts().CreateAnonymousUserAsync(wandb.Http.Connection.RemoteIpAddress?.ToString())
            ?? throw new WandbRequestError(
                "Anonymous accounts are turned off on this server: ask its administrator for an account and an API key "
                + "(an administrator turns them on with Anonymous:Enabled).", 403);
        return new ApiKeyPayload(new ApiKeyNode(RelayIds.ApiKey(issued.Info.Id), issued.Key, issued.Info.Description), context.Input().String("clientMutationId"));
    }

    private static async Task<object?> DeleteApiKeyAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        if (!RelayIds.TryDecodeNumber(input.String("id"), "ApiKey", out var keyId))
        {
            throw new WandbRequestError($"'{input.String("id")}' is not an API key id.");
        }

        var revoked = await wandb.Grains.Accounts().RevokeApiKeyAsync(wandb.User.Id, keyId);
        if (revoked)
        {
            await wandb.Grains.AuditLog().AppendAsync(Actor(wandb), "apikey.revoke", $"user/{wandb.User.Username}", $"key={keyId}");
        }

        return new SuccessPayload(revoked, input.String("clientMutationId"));
    }

    private static async Task<object?> CreateTeamAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var name = input.String("teamName");
        Access.EnsureValidName(name, "team");
        var team = await CallAsync(() => Teams(wandb).CreateTeamAsync(Actor(wandb), name!, input.String("teamAdminUserName")));
        return new EntityPayload(new EntityNode(team.Name, team), input.String("clientMutationId"));
    }

    private static async Task<object?> CreateInviteAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var login = input.String("email") is { Length: > 0 } email ? email : input.String("username");
        if (string.IsNullOrEmpty(login))
        {
            throw new WandbRequestError("createInvite needs an email or a username.");
        }

        var role = input.String("role") ?? (input.Bool("admin") == true ? "admin" : "member");
        var team = input.String("entityName") ?? "";
        var invitation = await CallAsync(() => Teams(wandb).InviteAsync(Actor(wandb), team, login, role));
        var node = invitation.Pending is { } pending
            ? PendingNode(pending)
            : MemberNode(invitation.Member!);
        return new InvitePayload(node, input.String("clientMutationId"));
    }

    private static InviteNode PendingNode(TeamInvite invite) =>
        new(RelayIds.Invite(invite.Id), invite.Email, invite.Email, invite.CreatedAt, invite.Role, Pending: true, ToUser: null);

    /// <summary>An invite answered at once by a membership; <c>toUser</c> carries what clients read of it (its name).</summary>
    private static InviteNode MemberNode(TeamMember member) =>
        new(RelayIds.User(member.UserId), member.Username, member.Email, DateTimeOffset.UtcNow, member.Role, Pending: false,
            new UserIdentity(member.UserId, member.Username, member.Email ?? "", false, member.Username));

    /// <summary>
    /// Withdraws a pending invite (an <c>Invite</c> id from <c>createInvite</c> or <c>Entity.invites</c>) or, as the
    /// Python client's <c>member.delete()</c> does with a member's id, removes a member.
    /// </summary>
    private static async Task<object?> DeleteInviteAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        if (RelayIds.TryDecodeNumber(input.String("id"), "Invite", out var inviteId))
        {
            var revoked = await CallAsync(() => Teams(wandb).RevokeInviteAsync(Actor(wandb), input.String("entityName") ?? "", inviteId));
            return new SuccessPayload(revoked, input.String("clientMutationId"));
        }

        if (!RelayIds.TryDecodeNumber(input.String("id"), "User", out var userId))
        {
            throw new WandbRequestError($"'{input.String("id")}' is not a member id.");
        }

        var removed = await CallAsync(() => Teams(wandb).RemoveMemberAsync(Actor(wandb), input.String("entityName") ?? "", userId));
        return new SuccessPayload(removed, input.String("clientMutationId"));
    }

    private static async Task<object?> CreateServiceAccountAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var team = input.String("entityName") ?? "";
        var member = await CallAsync(() => Teams(wandb).CreateServiceAccountAsync(Actor(wandb), team, input.String("description") ?? ""));
        var user = new UserIdentity(member.UserId, member.Username, member.Email ?? "", false, team);
        return new UserPayload(new UserNode(user), input.String("clientMutationId"));
    }

    private static async Task<object?> UpdateTeamMemberAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        if (!RelayIds.TryDecodeNumber(input.String("memberId"), "User", out var userId))
        {
            throw new WandbRequestError($"'{input.String("memberId")}' is not a member id.");
        }

        await CallAsync(async () =>
        {
            await Teams(wandb).SetRoleAsync(Actor(wandb), input.String("entityName") ?? "", userId, input.String("role") ?? "");
            return true;
        });
        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    private static async Task<object?> DeleteProjectAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var deleted = await CallAsync(() => Teams(wandb).DeleteProjectAsync(Actor(wandb), input.String("entityName") ?? "", input.String("name") ?? ""));
        if (!deleted)
        {
            throw WandbRequestError.NotFound($"Project '{input.String("entityName")}/{input.String("name")}' was not found.");
        }

        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    /// <summary>Turns the grain's refusals into GraphQL errors: 403 for "not allowed", a plain error otherwise.</summary>
    internal static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new WandbRequestError(e.Message, 403);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            throw new WandbRequestError(e.Message);
        }
    }
}
