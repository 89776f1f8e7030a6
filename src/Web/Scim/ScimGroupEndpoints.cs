using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Teams;

namespace Orleans.Wandb.Web.Scim;

/// <summary>
/// SCIM groups are W&amp;B teams (as W&amp;B Server maps them): <c>displayName</c> is the team's name (it names the
/// team's projects, so it cannot change), <c>members</c> its people. Members added through SCIM join as
/// <c>member</c>; roles are changed in the app. A team keeps at least one admin: the admin whose key creates a group
/// becomes its first admin, and removing a team's last admin is refused.
/// </summary>
public static partial class ScimEndpoints
{
    private static async Task<IResult> ListGroupsAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl)
    {
        var filter = ScimFilter.Parse(context.Request.Query["filter"]);
        var paging = Paging(context.Request);
        if (filter is not null && !filter.Names("displayName"))
        {
            throw ScimException.BadRequest("invalidFilter", $"Groups can be filtered on displayName, not on '{filter.Attribute}'.");
        }

        var teams = (await grains.Teams().ListTeamsAsync(actor))
            .Where(t => filter is null || string.Equals(t.Name, filter.Value, StringComparison.OrdinalIgnoreCase))
            .Select(t => ScimResources.Group(t, baseUrl))
            .ToList();
        return Page(teams, paging);
    }

    private static async Task<IResult> CreateGroupAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl)
    {
        var body = await ReadBodyAsync(context);
        var name = String(body, "displayName") ?? throw ScimException.BadRequest("invalidValue", "A group needs a displayName.");
        if (!Names.IsValid(name))
        {
            throw ScimException.BadRequest("invalidValue", $"'{name}' cannot be a team name: use 1-{Names.MaxLength} characters without '/', '\\', '?', '#', '%' or spaces.");
        }

        var members = await MemberIdsAsync(grains, body["members"]);
        if ((await grains.Teams().ListTeamsAsync(actor)).Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            || await grains.Teams().GetTeamAsync(actor, name) is not null)
        {
            throw new ScimException(StatusCodes.Status409Conflict, "uniqueness", $"The name '{name}' is taken by a team or a user.");
        }

        var team = await grains.Teams().CreateTeamAsync(actor, name, adminUsername: null);
        await AddMembersAsync(grains, actor, team, members);
        var resource = ScimResources.Group(await FindGroupAsync(grains, actor, ScimResources.Id(team.Id)), baseUrl);
        context.Response.Headers.Location = resource["meta"]!["location"]!.GetValue<string>();
        return Json(resource, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReplaceGroupAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl, string id)
    {
        var team = await FindGroupAsync(grains, actor, id);
        var body = await ReadBodyAsync(context);
        EnsureSameName(team, String(body, "displayName"));
        var wanted = await MemberIdsAsync(grains, body["members"]);
        await AddMembersAsync(grains, actor, team, wanted);
        await RemoveMembersAsync(grains, actor, team, People(team).Where(m => !wanted.ContainsKey(m.UserId)).Select(m => m.UserId));
        return Json(ScimResources.Group(await FindGroupAsync(grains, actor, id), baseUrl));
    }

    private static async Task<IResult> PatchGroupAsync(HttpContext context, IGrainFactory grains, Actor actor, string baseUrl, string id)
    {
        var team = await FindGroupAsync(grains, actor, id);
        foreach (var (op, path, value) in Operations(await ReadBodyAsync(context)))
        {
            if (path is null)
            {
                // Okta sends the group's attributes as the value: its name (unchanged) and, sometimes, members.
                var attributes = value as JsonObject ?? throw ScimException.BadRequest("invalidSyntax", "An operation without a path needs an object value.");
                EnsureSameName(team, String(attributes, "displayName"));
                if (attributes["members"] is { } listed)
                {
                    await ApplyMembersAsync(grains, actor, team, op, await MemberIdsAsync(grains, listed));
                }
            }
            else if (path.Equals("members", StringComparison.OrdinalIgnoreCase))
            {
                await ApplyMembersAsync(grains, actor, team, op, await MemberIdsAsync(grains, value));
            }
            else if (MemberPath().Match(path) is { Success: true } one && op == "remove")
            {
                // members[value eq "id"]: removes that member.
                await RemoveMembersAsync(grains, actor, team, (await MemberIdsAsync(grains, new JsonArray(new JsonObject { ["value"] = one.Groups["id"].Value }))).Keys);
            }
            else if (path.Equals("displayName", StringComparison.OrdinalIgnoreCase))
            {
                EnsureSameName(team, AsString(value));
            }
            else
            {
                throw ScimException.BadRequest("invalidPath", $"'{path}' is not a path of a group this server can change: use members.");
            }

            team = await FindGroupAsync(grains, actor, id);
        }

        return Json(ScimResources.Group(team, baseUrl));
    }

    private static async Task ApplyMembersAsync(IGrainFactory grains, Actor actor, TeamInfo team, string op, IReadOnlyDictionary<long, string> members)
    {
        switch (op)
        {
            case "add":
                await AddMembersAsync(grains, actor, team, members);
                break;
            case "remove":
                // "remove" of members without a value empties the group (RFC 7644 3.5.2.2).
                await RemoveMembersAsync(grains, actor, team, members.Count > 0 ? members.Keys : People(team).Select(m => m.UserId));
                break;
            default:
                await AddMembersAsync(grains, actor, team, members);
                await RemoveMembersAsync(grains, actor, team, People(team).Where(m => !members.ContainsKey(m.UserId)).Select(m => m.UserId));
                break;
        }
    }

    private static async Task AddMembersAsync(IGrainFactory grains, Actor actor, TeamInfo team, IReadOnlyDictionary<long, string> members)
    {
        foreach (var (userId, username) in members)
        {
            if (team.Members.All(m => m.UserId != userId))
            {
                await grains.Teams().InviteAsync(actor, team.Name, username, "member");
            }
        }
    }

    private static async Task RemoveMembersAsync(IGrainFactory grains, Actor actor, TeamInfo team, IEnumerable<long> userIds)
    {
        foreach (var userId in userIds.ToList())
        {
            if (team.Members.Any(m => m.UserId == userId && !m.Service))
            {
                try
                {
                    await grains.Teams().RemoveMemberAsync(actor, team.Name, userId);
                }
                catch (ArgumentException e)
                {
                    throw ScimException.BadRequest("mutability", e.Message);
                }
            }
        }
    }

    /// <summary>The users <c>members</c> names (by the ids this server hands out), with their usernames; 400 for an unknown one.</summary>
    private static async Task<IReadOnlyDictionary<long, string>> MemberIdsAsync(IGrainFactory grains, JsonNode? members)
    {
        if (members is null)
        {
            return new Dictionary<long, string>();
        }

        if (members is not JsonArray list)
        {
            throw ScimException.BadRequest("invalidSyntax", "members must be an array of {\"value\": userId}.");
        }

        if (list.Count > ScimResources.MaxMembers)
        {
            throw ScimException.BadRequest("tooMany", $"One request names at most {ScimResources.MaxMembers} members.");
        }

        var users = (await grains.Accounts().ListUsersAsync()).ToDictionary(u => u.Id);
        var ids = new Dictionary<long, string>();
        foreach (var member in list)
        {
            var value = member is JsonObject o ? AsString(o["value"]) : null;
            if (!ScimResources.TryReadId(value, out var userId) || !users.TryGetValue(userId, out var user))
            {
                throw ScimException.BadRequest("invalidValue", $"There is no user '{value}' to make a member.");
            }

            ids[userId] = user.Username;
        }

        return ids;
    }

    /// <summary>The team an id names; 404 for an id this server did not hand out.</summary>
    private static async Task<TeamInfo> FindGroupAsync(IGrainFactory grains, Actor actor, string id) =>
        ScimResources.TryReadId(id, out var number) && (await grains.Teams().ListTeamsAsync(actor)).FirstOrDefault(t => t.Id == number) is { } team
            ? team
            : throw ScimException.NotFound($"There is no group '{id}'.");

    private static IEnumerable<TeamMember> People(TeamInfo team) => team.Members.Where(m => !m.Service);

    private static void EnsureSameName(TeamInfo team, string? name)
    {
        if (name is not null && !string.Equals(name, team.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw ScimException.BadRequest("mutability", $"A group's displayName cannot change: it names the team's projects ('{team.Name}').");
        }
    }

    [GeneratedRegex("""^members\[value eq "(?<id>[^"]{1,64})"\]$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MemberPath();
}
