using System.Diagnostics.CodeAnalysis;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Authorization;

/// <summary>
/// The authorization rule, written once (docs/architecture.md, "Authorization"): who may read, write and administer a
/// project or an entity. Pure: the facts (the caller, their role in the owner entity, the project's visibility) are
/// read by <see cref="Accounts.DirectoryGrain"/>, which every HTTP endpoint, GraphQL resolver and grain asks.
/// <list type="bullet">
/// <item>No caller (anonymous, unknown or deactivated user): nothing.</item>
/// <item>The stored role in the owner entity decides for its members: admin administers (every user is the admin of
/// their personal entity), member writes (service accounts are members of their team), viewer reads.</item>
/// <item>An instance admin administers every entity and every non-private project, but sees a private project only
/// through their own role in its entity.</item>
/// <item>Any signed-in user reads an open project.</item>
/// </list>
/// </summary>
public static class AccessPolicy
{
    /// <summary>
    /// The caller's level in a project of <paramref name="visibility"/> (<see cref="ProjectAccess"/>; null for a
    /// project that does not exist yet, which is treated as team-visible), given their role in the owner entity.
    /// </summary>
    public static AccessLevel ForProject(UserIdentity? caller, string? role, string? visibility)
    {
        if (!MayAct(caller))
        {
            return AccessLevel.None;
        }

        var membership = FromRole(role);
        return visibility switch
        {
            ProjectAccess.Private => membership,
            ProjectAccess.Open => Max(Max(membership, AccessLevel.Read), InstanceAdmin(caller)),
            _ => Max(membership, InstanceAdmin(caller)),
        };
    }

    /// <summary>The caller's level in the entity itself: its membership list, its team settings, its team-visible projects.</summary>
    public static AccessLevel ForEntity(UserIdentity? caller, string? role) =>
        MayAct(caller) ? Max(FromRole(role), InstanceAdmin(caller)) : AccessLevel.None;

    /// <summary>True for an instance admin: creates users and teams for others, reads the audit log and storage reports.</summary>
    public static bool AdministersInstance(UserIdentity? caller) => caller is { Admin: true, Deactivated: false };

    /// <summary>
    /// True when the user may act at all: signed in, key accepted, access granted. A deactivated account may not; its
    /// data stays readable to everyone the rule lets read it. Sign-in, API keys and every check ask this.
    /// </summary>
    public static bool MayAct([NotNullWhen(true)] UserIdentity? caller) => caller is { Deactivated: false };

    private static AccessLevel FromRole(string? role) => role switch
    {
        MemberRoles.Admin => AccessLevel.Administer,
        MemberRoles.Member => AccessLevel.Write,
        MemberRoles.Viewer => AccessLevel.Read,
        _ => AccessLevel.None,
    };

    private static AccessLevel InstanceAdmin(UserIdentity caller) => AdministersInstance(caller) ? AccessLevel.Administer : AccessLevel.None;

    private static AccessLevel Max(AccessLevel a, AccessLevel b) => a > b ? a : b;
}
