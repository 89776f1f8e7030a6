namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// The cluster-wide version of the directory's access data (keys, memberships, roles), as
/// <see cref="IDirectoryVersionGrain"/> holds it. <see cref="Incarnation"/> changes whenever that grain is activated
/// anew (its counter lives in memory only), so a silo treats any value different from the last one it saw as a change.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.directory-version.v1")]
public sealed record DirectoryVersion(
    [property: Id(0)] Guid Incarnation,
    [property: Id(1)] long Counter);
