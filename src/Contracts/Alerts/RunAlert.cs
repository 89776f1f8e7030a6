namespace Orleans.Wandb.Contracts.Alerts;

/// <summary>
/// One <c>wandb.alert(title, text, level, wait_duration)</c> of a run, as stored. <see cref="RateLimited"/> marks an
/// alert that arrived while an earlier one of the same title was still within its wait: it is kept (nothing
/// acknowledged is lost) but not notified, as W&amp;B suppresses it.
/// </summary>
[GenerateSerializer, Immutable, Alias("wandb.run-alert.v1")]
public sealed record RunAlert
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required string Entity { get; init; }
    [Id(2)] public required string Project { get; init; }
    [Id(3)] public required string RunName { get; init; }
    [Id(4)] public required string Title { get; init; }
    [Id(5)] public required string Text { get; init; }

    /// <summary><see cref="AlertSeverities"/>: INFO, WARN or ERROR.</summary>
    [Id(6)] public required string Severity { get; init; }

    /// <summary>Seconds before another alert of this title is notified again.</summary>
    [Id(7)] public long WaitDurationSeconds { get; init; }
    [Id(8)] public bool RateLimited { get; init; }
    [Id(9)] public long CreatedBy { get; init; }
    [Id(10)] public DateTimeOffset CreatedAt { get; init; }
}
