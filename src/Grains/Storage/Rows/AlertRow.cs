using Orleans.Wandb.Contracts.Alerts;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row of <c>run_alerts</c> as Dapper materialises it, shared by the SQLite and MySQL stores.</summary>
internal sealed class AlertRow
{
    public long Id { get; set; }
    public string Entity { get; set; } = "";
    public string Project { get; set; } = "";
    public string RunName { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public string Severity { get; set; } = "";
    public long WaitSeconds { get; set; }
    public long RateLimited { get; set; }
    public long CreatedBy { get; set; }
    public long CreatedAt { get; set; }

    public RunAlert ToAlert() => new()
    {
        Id = Id,
        Entity = Entity,
        Project = Project,
        RunName = RunName,
        Title = Title,
        Text = Text,
        Severity = Severity,
        WaitDurationSeconds = WaitSeconds,
        RateLimited = RateLimited != 0,
        CreatedBy = CreatedBy,
        CreatedAt = EpochMs.ToTime(CreatedAt),
    };
}
