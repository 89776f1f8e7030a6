namespace Orleans.Wandb.Contracts.Views;

/// <summary>
/// A project's saved views (W&amp;B's views model: <c>upsertView</c>, <c>Project.allViews</c>, <c>view(id)</c>, <c>deleteView</c>),
/// keyed by <see cref="Keys.ProjectKey"/>, durable in grain state: the web app's workspaces (a default one per user,
/// named ones anyone who may read the project can open) and the clients' reports. The caller has been authorized by
/// the one access rule before it calls; the grain enforces what only it can see: limits, and that a view is changed
/// only by its owner (or a project administrator).
/// </summary>
[Alias("wandb.IProjectViewsGrain")]
public interface IProjectViewsGrain : IGrainWithStringKey
{
    /// <summary>Creates a view, or updates the one with the given id (or, without an id, the caller's view of the same type and name).</summary>
    [Alias("Upsert")]
    Task<ViewUpsertResult> UpsertAsync(ViewUpsert upsert);

    /// <summary>One view by id, or null.</summary>
    [Alias("Get")]
    Task<SavedView?> GetAsync(string id);

    /// <summary>The views of a type (all types when null), optionally of one name, most recently updated first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<SavedView>> ListAsync(string? type, string? name);

    /// <summary>Deletes a view the caller owns (or any, when <paramref name="administers"/>); false when there is none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string id, long userId, bool administers);
}
