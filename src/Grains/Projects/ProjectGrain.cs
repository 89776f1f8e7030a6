using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// One project: its row in the metadata store and the run table of its runs (<see cref="RunTable"/>), loaded from
/// the run index on activation and kept current by the run grains. Filtered, ordered pages and counts are
/// answered from memory in one pass: every run is tested against the compiled filter and the page is kept in
/// a bounded heap, so nothing is cached that a streaming run could make stale. A query runs on an immutable
/// snapshot of the table on the thread pool, and <see cref="ListRunsAsync"/> interleaves, so run rows keep
/// arriving while a large query runs.
/// </summary>
internal sealed partial class ProjectGrain(IMetadataStore metadata, [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock)
    : Grain, IProjectGrain
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private readonly RunTable _table = new();
    private string _entity = "";
    private string _name = "";
    private ProjectInfo? _project;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_entity, _name) = ProjectKey.Parse(this.GetPrimaryKeyString());
        _project = await metadata.GetProjectAsync(_entity, _name);
        foreach (var row in await metadata.ListRunRowsAsync(_entity, _name))
        {
            _table.Upsert(row);
        }
    }

    /// <inheritdoc />
    public async Task<ProjectInfo> EnsureAsync(long userId)
    {
        _project ??= await metadata.EnsureProjectAsync(_entity, _name, userId, clock.GetUtcNow());
        return Describe(_project);
    }

    /// <inheritdoc />
    public ValueTask<ProjectInfo?> GetAsync() => ValueTask.FromResult(_project is null ? null : Describe(_project));

    /// <inheritdoc />
    public Task UpsertRunRowAsync(RunRow row)
    {
        _table.Upsert(row);
        NotifyViewers();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task ReloadAsync()
    {
        // Re-read in place rather than deactivating: live viewers keep interleaved waits open on this grain, and a
        // deactivation would hold every new request until those waits time out (seconds).
        _project = await metadata.GetProjectAsync(_entity, _name);
        var rows = await metadata.ListRunRowsAsync(_entity, _name);
        var current = rows.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in _table.Rows.Select(r => r.Name).Where(name => !current.Contains(name)).ToList())
        {
            _table.Remove(stale);
        }

        foreach (var row in rows)
        {
            _table.Upsert(row);
        }

        NotifyViewers();
    }

    /// <inheritdoc />
    public Task RemoveRunAsync(string runName)
    {
        if (_table.Remove(runName))
        {
            NotifyViewers();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RunPage> ListRunsAsync(RunListQuery query)
    {
        // Parsed on the thread pool too: compiling a filter's patterns takes milliseconds of CPU each.
        var (filter, order) = await Task.Run(() => (RunFilter.Parse(query.Filters), RunOrder.Parse(query.Order)));
        var first = query.First <= 0 ? 0 : Math.Min(query.First, MaxPageSize);
        RunSortKey? after = string.IsNullOrEmpty(query.After) ? null : RunSortKey.FromCursor(query.After, order);
        if (filter.UsesUsernames || order.UsesUsernames)
        {
            await LoadUsernamesAsync();
        }

        // The snapshot is taken in this turn; parsing and the pass over it run on the thread pool, the one place a
        // grain here leaves its scheduler: that is CPU work over 100k runs that would otherwise hold every write.
        var snapshot = _table.Snapshot();
        using var budget = new CancellationTokenSource(RunFilterLimits.MaxQueryTime);
        try
        {
            return await Task.Run(() => snapshot.Query(filter, order, first, after, budget.Token));
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            throw new CapExceededException(
                $"The run query took longer than {RunFilterLimits.MaxQueryTime.TotalSeconds:0} s over {snapshot.Count} runs; use fewer conditions.");
        }
    }

    /// <inheritdoc />
    public Task AdmitKeysAsync(IReadOnlyList<string> paths)
    {
        var added = paths.Distinct(StringComparer.Ordinal).Count(path => !_table.HasPath(path));
        if (_table.PathCount + added > KeyLimits.MaxKeysPerProject)
        {
            throw new CapExceededException(
                $"Project {_entity}/{_name} would hold {_table.PathCount + added} distinct config and summary keys; at most {KeyLimits.MaxKeysPerProject} are allowed.");
        }

        _table.AddPaths(paths);
        return Task.CompletedTask;
    }

    private async Task LoadUsernamesAsync()
    {
        var directory = GrainFactory.Directory();
        foreach (var userId in _table.UsersWithoutName())
        {
            if (await directory.GetUserAsync(userId) is { } user)
            {
                _table.SetUsername(userId, user.Username);
            }
        }
    }

    private ProjectInfo Describe(ProjectInfo project)
    {
        DateTimeOffset? last = null;
        foreach (var row in _table.Rows)
        {
            var at = row.HeartbeatAt ?? row.CreatedAt;
            if (last is null || at > last)
            {
                last = at;
            }
        }

        return project with { RunCount = _table.Count, LastActivityAt = last ?? project.LastActivityAt };
    }
}
