using Azure;
using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>Which blob-storage failures mean "the store is unavailable" (answer 503, the client retries).</summary>
internal static class BlobFailures
{
    /// <summary>True for unreachable, throttled, timed-out or failing-server errors; false for a bad request.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500 || r.InnerException is not null && IsUnavailable(r.InnerException),
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException => true,
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>Wraps an unavailability failure for the callers.</summary>
    public static StorageUnavailableException Unavailable(string what, Exception e) =>
        new($"The blob store could not {what}: {e.Message}", e);
}
