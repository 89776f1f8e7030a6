using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Announces a committed change to who may do what (a revoked key, an added or removed member, a changed role): this
/// silo's caches are dropped at once (<see cref="DirectoryEpoch"/>), and the cluster's
/// <see cref="IDirectoryVersionGrain"/> moves on so the other silos drop theirs at their next poll.
/// Call it after the store write has committed, so no lookup can cache the old answer under the new epoch.
/// </summary>
public sealed partial class DirectoryChanges(DirectoryEpoch epoch, IGrainFactory grains, ILogger<DirectoryChanges> logger)
{
    /// <summary>Publishes a change described by <paramref name="what"/> (for the log).</summary>
    public async Task PublishAsync(string what)
    {
        epoch.Advance();
        try
        {
            await grains.DirectoryVersion().BumpAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is already stored and in force on this silo; failing the request now would only make the
            // caller retry a change that was made. The other silos still drop their caches within the cache TTL.
            LogPublishFailed(logger, what, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory change '{Change}' could not be announced to the other silos; their caches expire on their own")]
    private static partial void LogPublishFailed(ILogger logger, string change, Exception exception);
}
