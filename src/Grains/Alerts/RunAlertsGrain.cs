using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Alerts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Alerts;

/// <summary>
/// The alerts of one run (key <see cref="RunKey"/>). W&amp;B notifies an alert title at most once per wait: an alert
/// whose title was notified less than its <c>wait_duration</c> ago is stored as rate-limited. One non-reentrant
/// activation per run makes that check and the insert one step.
/// </summary>
internal sealed partial class RunAlertsGrain(
    IAlertStore store,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock,
    ILogger<RunAlertsGrain> logger) : Grain, IRunAlertsGrain
{
    /// <inheritdoc />
    public async Task<RunAlert> NotifyAsync(NewRunAlert alert)
    {
        if (string.IsNullOrWhiteSpace(alert.Title) || alert.Title.Length > AlertLimits.MaxTitleLength)
        {
            throw new ArgumentException($"An alert needs a title of 1-{AlertLimits.MaxTitleLength} characters.");
        }

        if (alert.Text.Length > AlertLimits.MaxTextLength)
        {
            throw new ArgumentException($"An alert's text holds at most {AlertLimits.MaxTextLength} characters.");
        }

        if (!AlertSeverities.IsValid(alert.Severity))
        {
            throw new ArgumentException($"'{alert.Severity}' is not an alert level (INFO, WARN or ERROR).");
        }

        var wait = alert.WaitDurationSeconds ?? AlertLimits.DefaultWaitDurationSeconds;
        if (wait is < 0 or > AlertLimits.MaxWaitDurationSeconds)
        {
            throw new ArgumentException($"An alert's wait_duration is 0-{AlertLimits.MaxWaitDurationSeconds} seconds, not {wait}.");
        }

        var (entity, project, run) = RunKey.Parse(this.GetPrimaryKeyString());
        var now = clock.GetUtcNow();
        var last = await store.LastNotifiedAsync(entity, project, run, alert.Title);
        var stored = await store.InsertAsync(new RunAlert
        {
            Entity = entity,
            Project = project,
            RunName = run,
            Title = alert.Title,
            Text = alert.Text,
            Severity = alert.Severity,
            WaitDurationSeconds = wait,
            RateLimited = last is { } previous && now - previous < TimeSpan.FromSeconds(wait),
            CreatedBy = alert.UserId,
            CreatedAt = now,
        });
        LogAlert(logger, this.GetPrimaryKeyString(), stored.Severity, stored.RateLimited);
        return stored;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunAlert>> ListAsync(int first)
    {
        var (entity, project, run) = RunKey.Parse(this.GetPrimaryKeyString());
        return store.ListRunAsync(entity, project, run, Math.Clamp(first, 0, AlertLimits.MaxPage));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunKey}: alert with severity {Severity} stored (rate-limited: {RateLimited})")]
    private static partial void LogAlert(ILogger logger, string runKey, string severity, bool rateLimited);
}
