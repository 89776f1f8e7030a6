using System.Data.Common;
using System.Net.Sockets;
using Azure;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Turns a storage driver's transient failure that escapes a grain into <see cref="StorageUnavailableException"/>,
/// on the silo where it happened. A grain call often crosses silos: the driver's own verdict (MySqlConnector's
/// <see cref="DbException.IsTransient"/>, the blob service's status) is read from fields that do not survive
/// Orleans' exception serialization, so the caller's silo could no longer tell an outage (503, the clients retry)
/// from a bug (500). The web layer's <c>FailureStatus</c> keeps its own classification for calls that stay in one
/// process; this is the same rule for the driver failures, applied before the answer leaves the silo.
/// </summary>
internal sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not StorageUnavailableException && IsTransient(e))
        {
            throw new StorageUnavailableException($"Storage is unavailable: {e.Message}", e);
        }
    }

    /// <summary>A failure of the database or the blob service that a retry can fix, anywhere in the chain.</summary>
    internal static bool IsTransient(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DbException database when database.IsTransient || database.InnerException is IOException or SocketException or TimeoutException:
                case RequestFailedException blob when BlobFailures.IsUnavailable(blob):
                case SocketException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsTransient):
                    return true;
            }
        }

        return false;
    }
}
