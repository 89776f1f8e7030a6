using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.Accounts;

/// <summary>
/// The signed-in user's own things: API keys (<c>/api/account/keys</c>: list, create — the key is shown once —
/// and revoke) and the projects of every entity they belong to (<c>/api/account/projects</c>, the home page).
/// Session cookie or API key; cookie-authenticated writes need the CSRF header.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/account/keys", ListKeysAsync).WithName("AccountKeys");
        endpoints.MapPost("/api/account/keys", CreateKeyAsync).WithName("AccountKeyCreate").DisableAntiforgery();
        endpoints.MapDelete("/api/account/keys/{id}", RevokeKeyAsync).WithName("AccountKeyRevoke");
        endpoints.MapGet("/api/account/projects", ListProjectsAsync).WithName("AccountProjects");
        return endpoints;
    }

    internal static async Task<Results<Ok<List<ApiKeyView>>, ProblemHttpResult>> ListKeysAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        return user is null
            ? Unauthorized()
            : TypedResults.Ok((await grains.Directory().GetApiKeysAsync(user.Id)).Select(ApiKeyView.From).ToList());
    }

    internal static async Task<Results<Ok<IssuedKeyView>, ProblemHttpResult>> CreateKeyAsync(
        HttpContext context, CreateApiKeyRequest? request, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return Unauthorized();
        }

        var description = request?.Description;
        if (description is { Length: > 200 })
        {
            return TypedResults.Problem("A key description has at most 200 characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        var issued = await grains.Accounts().CreateApiKeyAsync(user.Id, description);
        await grains.AuditLog().AppendAsync(ActorOf(context, user.Id), "apikey.create", $"user/{user.Username}", issued.Info.MaskedKey);
        return TypedResults.Ok(new IssuedKeyView(ApiKeyView.From(issued.Info), issued.Key));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(HttpContext context, string id, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return Unauthorized();
        }

        if (id.Length > 64 || !RelayIds.TryDecodeToken(id, out var keyId) || !await grains.Accounts().RevokeApiKeyAsync(user.Id, keyId))
        {
            return TypedResults.Problem($"You have no active API key {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        await grains.AuditLog().AppendAsync(ActorOf(context, user.Id), "apikey.revoke", $"user/{user.Username}", $"key={keyId}");
        return TypedResults.NoContent();
    }

    internal static Actor ActorOf(HttpContext context, long userId) => new(userId, context.Connection.RemoteIpAddress?.ToString());

    internal static async Task<Results<Ok<List<EntityProjects>>, ProblemHttpResult>> ListProjectsAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await ApiKeyAuthentication.AuthenticateAsync(context, grains);
        if (user is null)
        {
            return Unauthorized();
        }

        var directory = grains.Directory();
        var entities = await directory.GetEntitiesAsync(user.Id);
        var projects = await Task.WhenAll(entities.Select(entity => directory.ListReadableProjectsAsync(user.Id, entity)));
        return TypedResults.Ok(entities.Zip(projects, (entity, list) => new EntityProjects(entity, list)).ToList());
    }

    internal static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("Log in, or send an API key.", statusCode: StatusCodes.Status401Unauthorized);
}
