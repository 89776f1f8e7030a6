using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Holds the directory version (see <see cref="IDirectoryVersionGrain"/>) in memory only: a new activation starts a
/// new incarnation, which every silo sees as a change, so losing the counter can only cause an extra cache flush,
/// never a missed one.
/// </summary>
[Reentrant]
internal sealed class DirectoryVersionGrain : Grain, IDirectoryVersionGrain
{
    private DirectoryVersion _version = new(Guid.NewGuid(), 0);

    /// <inheritdoc />
    public Task<DirectoryVersion> GetAsync() => Task.FromResult(_version);

    /// <inheritdoc />
    public Task<DirectoryVersion> BumpAsync()
    {
        _version = _version with { Counter = _version.Counter + 1 };
        return Task.FromResult(_version);
    }
}
