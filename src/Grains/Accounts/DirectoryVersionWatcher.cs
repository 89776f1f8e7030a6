using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// Polls the cluster's <see cref="IDirectoryVersionGrain"/> every <see cref="DirectoryOptions.VersionPollInterval"/>
/// and advances this silo's <see cref="DirectoryEpoch"/> whenever the version differs from the last one seen, so a key
/// revoked or a member removed on another silo stops working here within about one interval. When the version cannot
/// be read (the silo is starting, or the grain's silo just died) it advances too: not knowing counts as a change.
/// </summary>
internal sealed partial class DirectoryVersionWatcher(
    IGrainFactory grains,
    DirectoryEpoch epoch,
    IOptions<DirectoryOptions> options,
    TimeProvider time,
    ILogger<DirectoryVersionWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DirectoryVersion? seen = null;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var current = await grains.DirectoryVersion().GetAsync();
                if (current != seen)
                {
                    epoch.Advance();
                    seen = current;
                }

                if (failing)
                {
                    LogRecovered(logger);
                    failing = false;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                epoch.Advance();
                seen = null;
                if (!failing)
                {
                    LogPollFailed(logger, e);
                    failing = true;
                }
            }

            try
            {
                await Task.Delay(options.Value.VersionPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory version unreadable; dropping cached directory answers at every poll until it is back")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory version readable again")]
    private static partial void LogRecovered(ILogger logger);
}
