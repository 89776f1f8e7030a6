using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Teams;

namespace Orleans.Wandb.Web.Scim;

/// <summary>
/// SCIM users. A user's <c>userName</c> is their W&amp;B username (it names their personal entity, so it cannot
/// change); their one email is <c>emails[primary]</c>; <c>active: false</c> deactivates them and <c>DELETE</c> does the
/// same (their runs, projects and artifacts stay, and an admin or SCIM can reactivate them). Attributes this server
/// does not keep (<c>name</c>, <c>title</c>, <c>externalId</c>…) are ignored, as RFC 7644 allows.
/// </summary>
public static partial class ScimEndpoints
{
    private static async Task<IResult> ListUsersAsync(HttpContext context, IGrainFactory grains, string baseUrl)
    {
        var filter = ScimFilter.Parse(context.Request.Query["filter"]);
        var paging = Paging(context.Request);
        Func<UserSummary, bool> matches = filter switch
        {
            null => _ => true,
            _ when filter.Names("userName") => u => string.Equals(u.Username, filter.Value, StringComparison.OrdinalIgnoreCase),
            _ when filter.Names("emails") || filter.Names("emails.value") => u => string.Equals(u.Email, filter.Value, StringComparison.OrdinalIgnoreCase),
            _ when filter.Names("active") && filter.Value is "true" or "false" => u => !u.Deactivated == (filter.Value == "true"),
            _ => throw ScimException.BadRequest("invalidFilter", $"Users can be filtered on userName, emails.value and active, not on '{filter.Attribute}'."),
        };

        var users = (await grains.Accounts().ListUsersAsync()).Where(matches).Select(u => ScimResources.User(u, baseUrl)).ToList();
        return Page(users, paging);
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl)
    {
        var body = await ReadBodyAsync(context);
        var userName = String(body, "userName") ?? throw ScimException.BadRequest("invalidValue", "A user needs a userName.");
        if (!Names.IsValid(userName))
        {
            throw ScimException.BadRequest("invalidValue", $"'{userName}' cannot be a W&B username: use 1-{Names.MaxLength} characters without '/', '\\', '?', '#', '%' or spaces.");
        }

        var email = PrimaryEmail(body) ?? (userName.Contains('@') ? userName : null)
            ?? throw ScimException.BadRequest("invalidValue", "A user needs an email address (emails[].value).");
        var users = await grains.Accounts().ListUsersAsync();
        if (users.Any(u => string.Equals(u.Username, userName, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ScimException(StatusCodes.Status409Conflict, "uniqueness", $"A user with the userName '{userName}' or the email '{email}' already exists.");
        }

        var created = await grains.Accounts().ProvisionUserAsync(actor, userName, email);
        if (Bool(body, "active") is false)
        {
            await grains.Accounts().SetDeactivatedAsync(actor, created.Id, deactivated: true);
            created = created with { Deactivated = true };
        }

        var resource = ScimResources.User(created, baseUrl);
        context.Response.Headers.Location = resource["meta"]!["location"]!.GetValue<string>();
        return Json(resource, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReplaceUserAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl, string id)
    {
        var user = await FindUserAsync(grains, id);
        var body = await ReadBodyAsync(context);
        if (String(body, "userName") is { } userName && !string.Equals(userName, user.Username, StringComparison.OrdinalIgnoreCase))
        {
            throw ScimException.BadRequest("mutability", $"userName cannot change: it names the user's personal entity ('{user.Username}').");
        }

        if (PrimaryEmail(body) is { } email)
        {
            await grains.Accounts().SetEmailAsync(actor, user.Id, email);
        }

        // A PUT replaces the resource: without "active" the user is active (RFC 7643's default).
        await SetActiveAsync(grains, actor, user, Bool(body, "active") ?? true);
        return Json(ScimResources.User(await FindUserAsync(grains, id), baseUrl));
    }

    private static async Task<IResult> PatchUserAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl, string id)
    {
        var user = await FindUserAsync(grains, id);
        foreach (var (op, path, value) in Operations(await ReadBodyAsync(context)))
        {
            if (op == "remove")
            {
                throw ScimException.BadRequest("mutability", $"'{path}' cannot be removed from a user; deactivate with active: false.");
            }

            // Without a path the value is an object of attributes (Okta: {"active": false}); with one, the attribute's value.
            var changes = path is null
                ? value as JsonObject ?? throw ScimException.BadRequest("invalidSyntax", "An operation without a path needs an object value.")
                : new JsonObject { [path] = value?.DeepClone() };
            foreach (var (attribute, attributeValue) in changes)
            {
                switch (attribute.ToLowerInvariant())
                {
                    case "active":
                        await SetActiveAsync(grains, actor, user, AsBool(attributeValue)
                            ?? throw ScimException.BadRequest("invalidValue", "active must be true or false."));
                        break;
                    case "emails" or "emails.value" or "emails[type eq \"work\"].value" or "emails[primary eq true].value":
                        var email = attributeValue is JsonArray ? PrimaryEmail(new JsonObject { ["emails"] = attributeValue.DeepClone() }) : AsString(attributeValue);
                        await grains.Accounts().SetEmailAsync(actor, user.Id, email ?? throw ScimException.BadRequest("invalidValue", "emails needs a value."));
                        break;
                    case "username":
                        if (!string.Equals(AsString(attributeValue), user.Username, StringComparison.OrdinalIgnoreCase))
                        {
                            throw ScimException.BadRequest("mutability", $"userName cannot change: it names the user's personal entity ('{user.Username}').");
                        }

                        break;
                    default:
                        // Attributes this server does not keep (name, displayName, title, externalId…) are ignored.
                        break;
                }
            }
        }

        return Json(ScimResources.User(await FindUserAsync(grains, id), baseUrl));
    }

    private static async Task<IResult> DeleteUserAsync(IGrainFactory grains, Actor actor, string id)
    {
        var user = await FindUserAsync(grains, id);
        await SetActiveAsync(grains, actor, user, active: false);
        return Results.NoContent();
    }

    private static async Task SetActiveAsync(IGrainFactory grains, Actor actor, UserSummary user, bool active)
    {
        if (user.Deactivated == !active)
        {
            return;
        }

        if (!active && user.Id == actor.UserId)
        {
            throw ScimException.BadRequest("mutability", "The admin whose key makes this request cannot deactivate themselves.");
        }

        await grains.Accounts().SetDeactivatedAsync(actor, user.Id, deactivated: !active);
    }

    /// <summary>The user an id names; 404 for an id this server did not hand out.</summary>
    private static async Task<UserSummary> FindUserAsync(IGrainFactory grains, string id) =>
        ScimResources.TryReadId(id, out var number) && (await grains.Accounts().ListUsersAsync()).FirstOrDefault(u => u.Id == number) is { } user
            ? user
            : throw ScimException.NotFound($"There is no user '{id}'.");

    /// <summary>The primary address of <c>emails</c> (or the first one).</summary>
    private static string? PrimaryEmail(JsonObject body)
    {
        if (body["emails"] is not JsonArray emails)
        {
            return null;
        }

        var chosen = emails.OfType<JsonObject>().FirstOrDefault(e => AsBool(e["primary"]) == true) ?? emails.OfType<JsonObject>().FirstOrDefault();
        var value = chosen is null ? null : AsString(chosen["value"]);
        return value is { Length: > 254 } ? throw ScimException.BadRequest("invalidValue", "An email address has at most 254 characters.") : value;
    }

    private static string? String(JsonObject body, string name) =>
        body.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } value ? AsString(value) : null;

    private static bool? Bool(JsonObject body, string name) =>
        body.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } value
            ? AsBool(value) ?? throw ScimException.BadRequest("invalidValue", $"{name} must be true or false.")
            : null;

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? (text.Length <= 1024 ? text.Trim() : throw ScimException.BadRequest("invalidValue", "A value has at most 1024 characters.")) : null;

    /// <summary>A boolean, also as the strings "True"/"False" Microsoft Entra sends.</summary>
    private static bool? AsBool(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<string>(out var text) && bool.TryParse(text, out var parsed) => parsed,
        _ => null,
    };
}
