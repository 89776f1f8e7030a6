using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>Maps the run state to and from the records other grains and the web layer see.</summary>
internal sealed partial class RunGrain
{
    private void ApplyFields(RunUpsert upsert)
    {
        // Null means "unchanged"; config, summary and tags replace the stored values whole, except that a
        // shared-mode writer's config and summary merge by key (each writer only knows its own).
        S.DisplayName = upsert.DisplayName ?? S.DisplayName;
        S.Description = upsert.Description ?? S.Description;
        S.Notes = upsert.Notes ?? S.Notes;
        S.GroupName = upsert.GroupName ?? S.GroupName;
        S.JobType = upsert.JobType ?? S.JobType;
        S.Commit = upsert.Commit ?? S.Commit;
        S.Host = upsert.Host ?? S.Host;
        S.Program = upsert.Program ?? S.Program;
        S.Repo = upsert.Repo ?? S.Repo;
        S.SweepName = upsert.SweepName ?? S.SweepName;
        S.Config = upsert.Config is null ? S.Config
            : upsert.MergeByKey ? JsonObjectMerge.Merge(S.Config, upsert.Config)
            : S.BaseConfig is not null ? JsonObjectMerge.Merge(S.BaseConfig, upsert.Config)
            : upsert.Config;
        S.Summary = upsert.MergeByKey && upsert.SummaryMetrics is not null
            ? JsonObjectMerge.Merge(S.Summary, upsert.SummaryMetrics)
            : upsert.SummaryMetrics ?? S.Summary;
        S.ForUserId = upsert.ForUserId ?? S.ForUserId;
        if (upsert.Tags is not null)
        {
            S.Tags = [.. upsert.Tags];
        }
    }

    private RunRow ToRow() => new()
    {
        Id = S.Id,
        Name = _name,
        DisplayName = S.DisplayName,
        State = S.State,
        CreatedAt = S.CreatedAt,
        HeartbeatAt = S.HeartbeatAt,
        Tags = S.Tags.ToArray(),
        GroupName = S.GroupName,
        JobType = S.JobType,
        UserId = S.UserId,
        ForUserId = S.ForUserId,
        Config = S.Config,
        SummaryMetrics = S.Summary,
        HistoryLineCount = S.HistoryCount,
        SweepName = S.SweepName,
        Host = S.Host,
    };

    private RunInfo ToInfo() => new()
    {
        Id = S.Id,
        Entity = _entity,
        Project = _project,
        Name = _name,
        DisplayName = S.DisplayName,
        Description = S.Description,
        Notes = S.Notes,
        Tags = S.Tags.ToArray(),
        GroupName = S.GroupName,
        JobType = S.JobType,
        Commit = S.Commit,
        Host = S.Host,
        Program = S.Program,
        Repo = S.Repo,
        SweepName = S.SweepName,
        State = S.State,
        Config = S.Config,
        SummaryMetrics = S.Summary,
        SystemMetrics = S.SystemMetrics,
        Stopped = S.Stopped,
        CreatedAt = S.CreatedAt,
        UpdatedAt = S.UpdatedAt,
        HeartbeatAt = S.HeartbeatAt,
        UserId = S.UserId,
        ForUserId = S.ForUserId,
        HistoryLineCount = S.HistoryCount,
        EventsLineCount = S.EventsCount,
        LogLineCount = S.LogCount,
        HistoryTail = S.HistoryTail.Select(t => t.Line).ToArray(),
        EventsTail = S.EventsTail.Select(t => t.Line).ToArray(),
        ExitCode = S.ExitCode,
        FileCount = S.FileCount,
    };
}
