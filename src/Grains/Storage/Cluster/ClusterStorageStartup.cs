using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Prepares the cluster's storage before the silo starts: applies the MySQL migrations (Orleans' providers read
/// their queries from the database as they start), creates the blob container, and marks dead the members a full
/// cluster kill left listed as active (<see cref="DeadMemberSweep"/>). Registered ahead of the silo,
/// and it waits for the dependencies, so silos started together with their database (docker compose, Kubernetes)
/// come up once it accepts connections.
/// </summary>
public sealed partial class ClusterStorageStartup(
    MySqlDatabase database,
    BlobContainerFactory containers,
    DeadMemberSweep sweep,
    IOptions<ClusterStorageOptions> options,
    TimeProvider time,
    ILogger<ClusterStorageStartup> logger) : IHostedService
{
    /// <summary>How long to wait for MySQL and the blob store before giving up on starting.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + MaxWait;
        while (true)
        {
            try
            {
                await database.EnsureMigratedAsync(cancellationToken);
                await containers.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await sweep.SweepAsync(options.Value.ClusterId, cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && time.GetUtcNow() < deadline
                                      && (e is Contracts.Storage.StorageUnavailableException || BlobFailures.IsUnavailable(e)
                                          || MySqlDatabase.IsUnavailable(e)))
            {
                LogWaiting(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the cluster's storage: {Reason}")]
    private partial void LogWaiting(string reason);
}
