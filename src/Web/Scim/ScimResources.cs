using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Teams;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.Scim;

/// <summary>
/// The JSON shapes of RFC 7643 (User, Group, ServiceProviderConfig, Schema, ResourceType) and RFC 7644 (ListResponse,
/// Error) as this server fills them. Ids are opaque tokens of the store's numbers (<see cref="RelayIds.Token"/>), safe in
/// a URL path; a user's <c>userName</c> is their W&amp;B username, a group is a team and its <c>displayName</c> the
/// team's name.
/// </summary>
public static class ScimResources
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string ConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string SchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    public const string ResourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    /// <summary>Most resources one list page holds (RFC 7644 <c>count</c>; also <c>filter.maxResults</c>).</summary>
    public const int MaxPageSize = 200;

    /// <summary>Most operations one PATCH request holds.</summary>
    public const int MaxOperations = 100;

    /// <summary>Most members one group request names.</summary>
    public const int MaxMembers = 1000;

    /// <summary>Largest request body.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static string Id(long number) => RelayIds.Token(number);

    public static bool TryReadId(string? id, out long number)
    {
        number = 0;
        return id is { Length: > 0 and <= 64 } && RelayIds.TryDecodeToken(id, out number);
    }

    public static JsonObject User(UserSummary user, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(UserSchema),
        ["id"] = Id(user.Id),
        ["userName"] = user.Username,
        ["displayName"] = user.Username,
        ["emails"] = new JsonArray(new JsonObject { ["value"] = user.Email, ["primary"] = true, ["type"] = "work" }),
        ["active"] = !user.Deactivated,
        ["meta"] = Meta("User", user.CreatedAt, $"{baseUrl}/Users/{Id(user.Id)}"),
    };

    public static JsonObject Group(TeamInfo team, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(GroupSchema),
        ["id"] = Id(team.Id),
        ["displayName"] = team.Name,
        ["members"] = new JsonArray(team.Members.Where(m => !m.Service).Select(m => (JsonNode)new JsonObject
        {
            ["value"] = Id(m.UserId),
            ["display"] = m.Username,
            ["type"] = "User",
            ["$ref"] = $"{baseUrl}/Users/{Id(m.UserId)}",
        }).ToArray()),
        ["meta"] = new JsonObject { ["resourceType"] = "Group", ["location"] = $"{baseUrl}/Groups/{Id(team.Id)}" },
    };

    public static JsonObject List(IReadOnlyList<JsonObject> page, int total, int startIndex) => new()
    {
        ["schemas"] = new JsonArray(ListSchema),
        ["totalResults"] = total,
        ["startIndex"] = startIndex,
        ["itemsPerPage"] = page.Count,
        ["Resources"] = new JsonArray(page.Select(r => (JsonNode)r).ToArray()),
    };

    public static JsonObject Error(int status, string? scimType, string detail)
    {
        var error = new JsonObject
        {
            ["schemas"] = new JsonArray(ErrorSchema),
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
            ["detail"] = detail,
        };
        if (scimType is not null)
        {
            error["scimType"] = scimType;
        }

        return error;
    }

    public static JsonObject ServiceProviderConfig(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ConfigSchema),
        ["documentationUri"] = "https://docs.wandb.ai/guides/hosting/iam/scim",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = MaxPageSize },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = false },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "API key",
            ["description"] = "The API key of an instance admin as a Bearer token, or as the password of HTTP Basic.",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = $"{baseUrl}/ServiceProviderConfig" },
    };

    public static JsonObject ResourceTypes(string baseUrl) => List(
        [ResourceType("User", "/Users", UserSchema, baseUrl), ResourceType("Group", "/Groups", GroupSchema, baseUrl)], 2, 1);

    public static JsonObject Schemas(string baseUrl) => List([UserSchemaDefinition(baseUrl), GroupSchemaDefinition(baseUrl)], 2, 1);

    private static JsonObject ResourceType(string name, string endpoint, string schema, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ResourceTypeSchema),
        ["id"] = name,
        ["name"] = name,
        ["endpoint"] = endpoint,
        ["schema"] = schema,
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/{name}" },
    };

    private static JsonObject UserSchemaDefinition(string baseUrl) => SchemaDefinition(UserSchema, "User", baseUrl,
        Attribute("userName", "string", required: true, mutability: "immutable", uniqueness: "server",
            "The W&B username, which also names the user's personal entity; it cannot change."),
        Attribute("displayName", "string", required: false, mutability: "readOnly", uniqueness: "none", "The username."),
        MultiValued("emails", "The user's email address; one, the primary.",
            Attribute("value", "string", required: true, mutability: "readWrite", uniqueness: "server", "The address."),
            Attribute("primary", "boolean", required: false, mutability: "readWrite", uniqueness: "none", "Always true."),
            Attribute("type", "string", required: false, mutability: "readWrite", uniqueness: "none", "work")),
        Attribute("active", "boolean", required: false, mutability: "readWrite", uniqueness: "none",
            "False deactivates the account: its sessions and API keys stop working at once; its runs stay."));

    private static JsonObject GroupSchemaDefinition(string baseUrl) => SchemaDefinition(GroupSchema, "Group", baseUrl,
        Attribute("displayName", "string", required: true, mutability: "immutable", uniqueness: "server", "The team's name."),
        MultiValued("members", "The team's members (people; service accounts are not listed).",
            Attribute("value", "string", required: true, mutability: "immutable", uniqueness: "none", "A user's id."),
            Attribute("display", "string", required: false, mutability: "readOnly", uniqueness: "none", "The user's username.")));

    private static JsonObject SchemaDefinition(string id, string name, string baseUrl, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(SchemaSchema),
        ["id"] = id,
        ["name"] = name,
        ["attributes"] = new JsonArray(attributes.Select(a => (JsonNode)a).ToArray()),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{id}" },
    };

    private static JsonObject Attribute(string name, string type, bool required, string mutability, string uniqueness, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["multiValued"] = false,
        ["description"] = description,
        ["required"] = required,
        ["caseExact"] = false,
        ["mutability"] = mutability,
        ["returned"] = "default",
        ["uniqueness"] = uniqueness,
    };

    private static JsonObject MultiValued(string name, string description, params JsonObject[] subAttributes) => new()
    {
        ["name"] = name,
        ["type"] = "complex",
        ["multiValued"] = true,
        ["description"] = description,
        ["required"] = false,
        ["mutability"] = "readWrite",
        ["returned"] = "default",
        ["subAttributes"] = new JsonArray(subAttributes.Select(a => (JsonNode)a).ToArray()),
    };

    private static JsonObject Meta(string resourceType, DateTimeOffset created, string location) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = created.ToString("O", CultureInfo.InvariantCulture),
        ["location"] = location,
    };
}
