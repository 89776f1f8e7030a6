namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// One counter for the whole cluster that moves whenever a key is revoked or a membership or role changes. Every silo
/// polls it a few times a second and drops its cached directory answers when it moved, so revocations made on one
/// silo reach the others promptly. Key 0. Not on any request path: only the pollers and the changes call it.
/// </summary>
[Alias("wandb.IDirectoryVersionGrain")]
public interface IDirectoryVersionGrain : IGrainWithIntegerKey
{
    /// <summary>The current version.</summary>
    [Alias("Get")]
    Task<DirectoryVersion> GetAsync();

    /// <summary>Moves the version on (a change was just committed to the store); returns the new one.</summary>
    [Alias("Bump")]
    Task<DirectoryVersion> BumpAsync();
}
