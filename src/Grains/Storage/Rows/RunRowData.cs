using System.Text.Json;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Grains.Storage.Rows;

/// <summary>A row as Dapper materialises it (by property name), shared by the SQLite and MySQL stores.</summary>
internal sealed class RunRowData
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? DisplayName { get; set; }
    public string State { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? HeartbeatAt { get; set; }
    public string Tags { get; set; } = "[]";
    public string? GroupName { get; set; }
    public string? JobType { get; set; }
    public long UserId { get; set; }
    public string Config { get; set; } = "{}";
    public string Summary { get; set; } = "{}";
    public long HistoryLineCount { get; set; }
    public string? SweepName { get; set; }
    public string? Host { get; set; }
    public long? ForUserId { get; set; }

    public RunRow ToRow() => new()
    {
        Id = Id,
        Name = Name,
        DisplayName = DisplayName,
        State = State,
        CreatedAt = EpochMs.ToTime(CreatedAt),
        HeartbeatAt = HeartbeatAt is { } at ? EpochMs.ToTime(at) : null,
        Tags = JsonSerializer.Deserialize<string[]>(Tags) ?? [],
        GroupName = GroupName,
        JobType = JobType,
        UserId = UserId,
        Config = Config,
        SummaryMetrics = Summary,
        HistoryLineCount = (int)HistoryLineCount,
        SweepName = SweepName,
        Host = Host,
        ForUserId = ForUserId,
    };
}
