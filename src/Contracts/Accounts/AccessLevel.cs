namespace Orleans.Wandb.Contracts.Accounts;

/// <summary>
/// What a caller may do with a project or an entity, each level including the ones below it. Decided in one place,
/// the grains' <c>AccessPolicy</c>, and asked of <see cref="IDirectoryGrain"/> by every read and write.
/// </summary>
public enum AccessLevel
{
    /// <summary>Nothing; the thing looks as if it did not exist.</summary>
    None = 0,

    /// <summary>Reads runs, files, history and artifacts.</summary>
    Read = 1,

    /// <summary>Also creates and changes runs, files and artifacts, and deletes runs and artifacts.</summary>
    Write = 2,

    /// <summary>Also changes visibility, deletes projects, and manages the entity's members.</summary>
    Administer = 3,
}
