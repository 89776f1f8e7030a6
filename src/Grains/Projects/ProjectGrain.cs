using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// One project: its row in the metadata store and the run table of its runs (<see cref="RunTable"/>), loaded from
/// the run index on activation and kept current by the run grains. Filtered, ordered pages and counts are
/// answered from memory in one pass: every run is tested against the compiled filter and the page is kept in
/// a bounded heap, so nothing is cached that a streaming run could make stale.
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
        var filter = RunFilter.Parse(query.Filters);
        var order = RunOrder.Parse(query.Order);
        var first = query.First <= 0 ? 0 : Math.Min(query.First, MaxPageSize);
        RunSortKey? after = string.IsNullOrEmpty(query.After) ? null : RunSortKey.FromCursor(query.After, order);
        if (filter.UsesUsernames || order.UsesUsernames)
        {
            await LoadUsernamesAsync();
        }

        return _table.Query(filter, order, first, after);
    }

    private async Task LoadUsernamesAsync()
    {
        var directory = GrainFactory.Directory();
        foreach (var userId in _table.Rows.Select(r => r.UserId).Distinct().Where(id => !_table.Usernames.ContainsKey(id)).ToList())
        {
            if (await directory.GetUserAsync(userId) is { } user)
            {
                _table.Usernames[userId] = user.Username;
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
