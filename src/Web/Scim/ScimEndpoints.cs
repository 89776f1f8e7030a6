using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.Accounts;
using Orleans.Wandb.Web.Auth;
using Orleans.Wandb.Web.Hosting;

namespace Orleans.Wandb.Web.Scim;

/// <summary>
/// SCIM 2.0 provisioning (RFC 7643/7644) for identity providers, at <c>/scim/v2</c> and at <c>/scim</c> (W&amp;B
/// Server's address): <c>/Users</c> (create, read, replace, patch, deactivate; list with <c>filter=userName eq "…"</c>,
/// <c>startIndex</c>, <c>count</c>), <c>/Groups</c> (teams and their members), <c>/ServiceProviderConfig</c>,
/// <c>/Schemas</c>, <c>/ResourceTypes</c>. Only an instance admin's API key (Bearer, or Basic with the key as password)
/// is accepted — never a browser session, so no page can provision on an admin's behalf. Deactivation goes through
/// <see cref="IAccountsGrain.SetDeactivatedAsync"/>: the user's sessions and keys stop working at once, their runs stay.
/// Every change is in the audit log (the grains record it).
/// </summary>
public static partial class ScimEndpoints
{
    private const string ContentType = "application/scim+json";

    public static IEndpointRouteBuilder MapScim(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (prefix, name) in new[] { ("/scim/v2", "ScimV2"), ("/scim", "Scim") })
        {
            var scim = endpoints.MapGroup(prefix);
            scim.MapGet("/ServiceProviderConfig", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (_, b) => Task.FromResult(Json(ScimResources.ServiceProviderConfig(b)))))
                .WithName(name + "ServiceProviderConfig");
            scim.MapGet("/Schemas", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (_, b) => Task.FromResult(Json(ScimResources.Schemas(b)))))
                .WithName(name + "Schemas");
            scim.MapGet("/ResourceTypes", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (_, b) => Task.FromResult(Json(ScimResources.ResourceTypes(b)))))
                .WithName(name + "ResourceTypes");
            scim.MapGet("/Users", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => ListUsersAsync(c, g, b)))
                .WithName(name + "Users");
            scim.MapPost("/Users", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => CreateUserAsync(c, g, a, b)))
                .WithName(name + "UserCreate");
            scim.MapGet("/Users/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, async (a, b) => Json(ScimResources.User(await FindUserAsync(g, id), b))))
                .WithName(name + "User");
            scim.MapPut("/Users/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => ReplaceUserAsync(c, g, a, b, id)))
                .WithName(name + "UserReplace");
            scim.MapPatch("/Users/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => PatchUserAsync(c, g, a, b, id)))
                .WithName(name + "UserPatch");
            scim.MapDelete("/Users/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => DeleteUserAsync(g, a, id)))
                .WithName(name + "UserDelete");
            scim.MapGet("/Groups", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => ListGroupsAsync(c, g, a, b)))
                .WithName(name + "Groups");
            scim.MapPost("/Groups", (HttpContext c, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => CreateGroupAsync(c, g, a, b)))
                .WithName(name + "GroupCreate");
            scim.MapGet("/Groups/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, async (a, b) => Json(ScimResources.Group(await FindGroupAsync(g, a, id), b))))
                .WithName(name + "Group");
            scim.MapPut("/Groups/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => ReplaceGroupAsync(c, g, a, b, id)))
                .WithName(name + "GroupReplace");
            scim.MapPatch("/Groups/{id}", (HttpContext c, string id, IGrainFactory g) => RunAsync(c, g, prefix, (a, b) => PatchGroupAsync(c, g, a, b, id)))
                .WithName(name + "GroupPatch");
        }

        return endpoints;
    }

    /// <summary>
    /// Authenticates an instance admin by API key and answers every refusal and failure in SCIM's error shape: a
    /// missing or wrong key 401, another caller 403, a storage outage 503 (never a 4xx), anything unexpected 500.
    /// </summary>
    private static async Task<IResult> RunAsync(HttpContext context, IGrainFactory grains, string prefix, Func<Actor, string, Task<IResult>> handle)
    {
        try
        {
            if (ApiKeyAuthentication.ReadApiKey(context.Request) is null || await ApiKeyAuthentication.AuthenticateAsync(context, grains) is not { } user)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
                throw new ScimException(401, null, "SCIM needs the API key of an instance admin as a Bearer token (or as the password of HTTP Basic).");
            }

            if (!await grains.GetGrain<IDirectoryGrain>(0).AdministersInstanceAsync(user.Id))
            {
                throw new ScimException(403, null, "Only instance admins may use SCIM.");
            }

            var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().BaseUrl(context).TrimEnd('/') + prefix;
            return await handle(AccountEndpoints.ActorOf(context, user.Id), baseUrl);
        }
        catch (ScimException e)
        {
            return Error(e.Status, e.ScimType, e.Message);
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, "invalidValue", e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Error(StatusCodes.Status403Forbidden, null, e.Message);
        }
        catch (KeyNotFoundException e)
        {
            return Error(StatusCodes.Status404NotFound, null, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (status, message) = FailureStatus.Classify(e);
            if (status >= 500)
            {
                LogFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ScimEndpoints)), context.Request.Path, e);
            }

            return Error(status, status == StatusCodes.Status400BadRequest ? "invalidSyntax" : null, message);
        }
    }

    /// <summary>The request body as a JSON object, at most <see cref="ScimResources.MaxBodyBytes"/>.</summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context.Request, ScimResources.MaxBodyBytes, context.RequestAborted);
        try
        {
            return JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw ScimException.BadRequest("invalidSyntax", "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw ScimException.BadRequest("invalidSyntax", $"The body is not JSON: {e.Message}");
        }
    }

    /// <summary>RFC 7644 paging: <c>startIndex</c> is 1-based (less means 1), <c>count</c> at most <see cref="ScimResources.MaxPageSize"/>.</summary>
    private static (int StartIndex, int Count) Paging(HttpRequest request)
    {
        static int? Number(string? text, string name) => string.IsNullOrEmpty(text)
            ? null
            : int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : throw ScimException.BadRequest("invalidValue", $"{name} must be a whole number.");

        var start = Math.Max(1, Number(request.Query["startIndex"], "startIndex") ?? 1);
        var count = Math.Clamp(Number(request.Query["count"], "count") ?? 100, 0, ScimResources.MaxPageSize);
        return (start, count);
    }

    private static IResult Page(IReadOnlyList<JsonObject> matching, (int StartIndex, int Count) paging) =>
        Json(ScimResources.List(matching.Skip(paging.StartIndex - 1).Take(paging.Count).ToList(), matching.Count, paging.StartIndex));

    /// <summary>An RFC 7644 PATCH body's operations (<c>Operations</c>, each with <c>op</c>, optional <c>path</c> and <c>value</c>).</summary>
    private static IReadOnlyList<(string Op, string? Path, JsonNode? Value)> Operations(JsonObject body)
    {
        if (body["Operations"] is not JsonArray operations)
        {
            throw ScimException.BadRequest("invalidSyntax", $"A PATCH body needs the schema {ScimResources.PatchSchema} and an Operations array.");
        }

        if (operations.Count > ScimResources.MaxOperations)
        {
            throw ScimException.BadRequest("tooMany", $"A PATCH request has at most {ScimResources.MaxOperations} operations.");
        }

        return operations.Select(o => o is JsonObject op && op["op"] is JsonValue name && name.TryGetValue<string>(out var verb)
                && verb.ToLowerInvariant() is "add" or "replace" or "remove"
                ? (verb.ToLowerInvariant(), (string?)(op["path"] is JsonValue p && p.TryGetValue<string>(out var path) ? path : null), op["value"])
                : throw ScimException.BadRequest("invalidSyntax", "Each operation needs an op of add, replace or remove."))
            .ToList();
    }

    private static IResult Json(JsonObject body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), ContentType, System.Text.Encoding.UTF8, status);

    private static IResult Error(int status, string? scimType, string detail) => Json(ScimResources.Error(status, scimType, detail), status);

    [LoggerMessage(Level = LogLevel.Error, Message = "SCIM request {Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
