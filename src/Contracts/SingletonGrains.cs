using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Admin;
using Orleans.Wandb.Contracts.Alerts;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Teams;

namespace Orleans.Wandb;

/// <summary>
/// The grains that have one identity for the whole server (most are stateless workers answering on every silo),
/// by name: <c>grains.Directory()</c> instead of <c>grains.GetGrain&lt;IDirectoryGrain&gt;(0)</c>. The key 0 is
/// written here only, so no caller can reach a second, empty instance by passing another number.
/// In namespace <c>Orleans.Wandb</c> so every project's code sees it without a using.
/// </summary>
public static class SingletonGrains
{
    private const long SingletonKey = 0;

    /// <summary>Users, entities, API keys and the read/write rule for projects.</summary>
    public static IDirectoryGrain Directory(this IGrainFactory grains) => grains.GetGrain<IDirectoryGrain>(SingletonKey);

    /// <summary>The cluster-wide counter that invalidates cached directory answers.</summary>
    public static IDirectoryVersionGrain DirectoryVersion(this IGrainFactory grains) => grains.GetGrain<IDirectoryVersionGrain>(SingletonKey);

    /// <summary>Password logins, API keys and user management.</summary>
    public static IAccountsGrain Accounts(this IGrainFactory grains) => grains.GetGrain<IAccountsGrain>(SingletonKey);

    /// <summary>Teams, memberships, roles and project administration.</summary>
    public static ITeamsGrain Teams(this IGrainFactory grains) => grains.GetGrain<ITeamsGrain>(SingletonKey);

    /// <summary>The append-only audit log.</summary>
    public static IAuditLogGrain AuditLog(this IGrainFactory grains) => grains.GetGrain<IAuditLogGrain>(SingletonKey);

    /// <summary>Artifact lookups and per-version bookkeeping.</summary>
    public static IArtifactRegistryGrain ArtifactRegistry(this IGrainFactory grains) => grains.GetGrain<IArtifactRegistryGrain>(SingletonKey);

    /// <summary>The alert feeds of projects.</summary>
    public static IAlertFeedGrain AlertFeed(this IGrainFactory grains) => grains.GetGrain<IAlertFeedGrain>(SingletonKey);

    /// <summary>Storage used per project and disk left, for the admin page.</summary>
    public static IStorageReportGrain StorageReport(this IGrainFactory grains) => grains.GetGrain<IStorageReportGrain>(SingletonKey);
}
