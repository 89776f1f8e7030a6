using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Contracts.Views;
using Orleans.Wandb.Grains.Hosting;

namespace Orleans.Wandb.Grains.Views;

/// <summary>
/// A project's saved views in grain state, written before an upsert or a deletion is acknowledged (a failed write
/// leaves the state as it was, so nothing unacknowledged is reported and nothing acknowledged is lost).
/// </summary>
internal sealed class ProjectViewsGrain(
    [PersistentState(StateNames.ProjectViews, StorageNames.Metadata)] IPersistentState<ProjectViewsState> state,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider time) : Grain, IProjectViewsGrain
{
    /// <inheritdoc />
    public async Task<ViewUpsertResult> UpsertAsync(ViewUpsert upsert)
    {
        Validate(upsert);
        var views = state.State.Views;
        var index = upsert.Id is { } id
            ? views.FindIndex(v => v.Id == id)
            : views.FindIndex(v => v.Type == upsert.Type && v.Name == upsert.Name && v.UserId == upsert.UserId);
        if (upsert.Id is not null && index < 0)
        {
            throw new KeyNotFoundException($"View '{upsert.Id}' was not found.");
        }

        var now = time.GetUtcNow();
        SavedView view;
        if (index >= 0)
        {
            var old = views[index];
            if (old.UserId != upsert.UserId && !upsert.Administers)
            {
                throw new ViewAccessException("Only the view's owner or a project administrator may change it.");
            }

            view = old with
            {
                Name = upsert.Name ?? old.Name,
                DisplayName = upsert.DisplayName ?? old.DisplayName,
                Description = upsert.Description ?? old.Description,
                Spec = upsert.Spec,
                UpdatedAt = now,
            };
        }
        else
        {
            if (views.Count >= ViewLimits.MaxViewsPerProject)
            {
                throw new CapExceededException($"The project already holds {ViewLimits.MaxViewsPerProject} views; delete some first.");
            }

            var next = state.State.NextId + 1;
            view = new SavedView($"{next}", upsert.Type, upsert.Name ?? $"view-{next}", upsert.DisplayName, upsert.Description, upsert.Spec,
                upsert.UserId, now, now);
        }

        var before = state.State.Copy();
        if (index >= 0)
        {
            views[index] = view;
        }
        else
        {
            views.Add(view);
            state.State.NextId++;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }

        return new ViewUpsertResult(view, index < 0);
    }

    /// <inheritdoc />
    public Task<SavedView?> GetAsync(string id) => Task.FromResult(state.State.Views.Find(v => v.Id == id));

    /// <inheritdoc />
    public Task<IReadOnlyList<SavedView>> ListAsync(string? type, string? name) =>
        Task.FromResult<IReadOnlyList<SavedView>>(state.State.Views
            .Where(v => (type is null || v.Type == type) && (name is null || v.Name == name))
            .OrderByDescending(v => v.UpdatedAt).ThenByDescending(v => long.Parse(v.Id, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray());

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, long userId, bool administers)
    {
        var index = state.State.Views.FindIndex(v => v.Id == id);
        if (index < 0)
        {
            return false;
        }

        if (state.State.Views[index].UserId != userId && !administers)
        {
            throw new ViewAccessException("Only the view's owner or a project administrator may delete it.");
        }

        var before = state.State.Copy();
        state.State.Views.RemoveAt(index);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }

        return true;
    }

    private static void Validate(ViewUpsert upsert)
    {
        if (Encoding.UTF8.GetByteCount(upsert.Spec) > ViewLimits.MaxSpecBytes)
        {
            throw new CapExceededException($"A view's spec is limited to {ViewLimits.MaxSpecBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(upsert.Type) || upsert.Type.Length > ViewLimits.MaxNameLength
            || upsert.Name?.Length > ViewLimits.MaxNameLength || upsert.DisplayName?.Length > ViewLimits.MaxNameLength)
        {
            throw new CapExceededException($"A view's type, name and display name are 1 to {ViewLimits.MaxNameLength} characters.");
        }

        if (upsert.Description?.Length > ViewLimits.MaxDescriptionLength)
        {
            throw new CapExceededException($"A view's description is limited to {ViewLimits.MaxDescriptionLength} characters.");
        }
    }
}

/// <summary>A project's views, oldest first, and the last id handed out (ids are never reused).</summary>
[GenerateSerializer, Alias("wandb.project-views-state.v1")]
public sealed class ProjectViewsState
{
    [Id(0)] public List<SavedView> Views { get; set; } = [];

    [Id(1)] public long NextId { get; set; }

    /// <summary>A copy to restore when a write fails.</summary>
    public ProjectViewsState Copy() => new() { Views = [.. Views], NextId = NextId };
}
