using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// One project: its row in the metadata store and the run-table rows of its runs, loaded from the run index
/// on activation and kept current by the run grains. Run-table queries are answered from memory; sorted
/// views are cached per order until a row changes.
/// </summary>
internal sealed partial class ProjectGrain(IMetadataStore metadata, [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock)
    : Grain, IProjectGrain
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private readonly Dictionary<string, RunRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunRow[]> _sorted = new(StringComparer.Ordinal);
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
            _rows[row.Name] = row;
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
        _rows[row.Name] = row;
        _sorted.Clear();
        NotifyViewers();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReloadAsync()
    {
        // Reactivation re-reads the project and its rows from the store, the one place they are loaded.
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveRunAsync(string runName)
    {
        if (_rows.Remove(runName))
        {
            _sorted.Clear();
            NotifyViewers();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<RunPage> ListRunsAsync(RunListQuery query)
    {
        EnsureNoFilters(query.Filters);
        var order = RunOrder.Parse(query.Order);
        var first = query.First <= 0 ? DefaultPageSize : Math.Min(query.First, MaxPageSize);
        var sorted = Sorted(order);

        var start = 0;
        if (!string.IsNullOrEmpty(query.After))
        {
            // First row strictly after the cursor's key: rows added since keep their place relative to it.
            var after = RunSortKey.FromCursor(query.After, order);
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (order.Compare(order.KeyOf(sorted[mid]), after) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            start = lo;
        }

        var count = Math.Min(first, sorted.Length - start);
        var entries = new RunPageEntry[count];
        for (var i = 0; i < count; i++)
        {
            var row = sorted[start + i];
            entries[i] = new RunPageEntry(row, order.KeyOf(row).ToCursor(order));
        }

        return Task.FromResult(new RunPage(entries, start + count < sorted.Length, _rows.Count));
    }

    private RunRow[] Sorted(RunOrder order)
    {
        if (!_sorted.TryGetValue(order.Canonical, out var sorted))
        {
            sorted = [.. _rows.Values];
            Array.Sort(sorted, order);
            _sorted[order.Canonical] = sorted;
        }

        return sorted;
    }

    private ProjectInfo Describe(ProjectInfo project)
    {
        DateTimeOffset? last = null;
        foreach (var row in _rows.Values)
        {
            var at = row.HeartbeatAt ?? row.CreatedAt;
            if (last is null || at > last)
            {
                last = at;
            }
        }

        return project with { RunCount = _rows.Count, LastActivityAt = last ?? project.LastActivityAt };
    }

    private static void EnsureNoFilters(string? filters)
    {
        if (string.IsNullOrWhiteSpace(filters))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(filters);
            if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any())
            {
                return;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        // Better an error than silently listing runs the filter would have excluded.
        throw new ArgumentException($"Run filters are not supported yet (got {filters}).", nameof(filters));
    }
}
