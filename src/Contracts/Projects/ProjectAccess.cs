namespace Orleans.Wandb.Contracts.Projects;

/// <summary>
/// Who may read a project. <see cref="Team"/> is the default; W&amp;B's own access names are accepted as synonyms so
/// <c>upsertModel(access: ...)</c> from the clients means the same here.
/// </summary>
public static class ProjectAccess
{
    /// <summary>The owner entity's members only (not even server admins who are not members).</summary>
    public const string Private = "private";

    /// <summary>The owner entity's members, and server admins.</summary>
    public const string Team = "team";

    /// <summary>Every signed-in user may read; writing still needs membership.</summary>
    public const string Open = "open";

    /// <summary>The canonical name for <paramref name="value"/>, or null when it is not a visibility.</summary>
    public static string? Normalize(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "PRIVATE" or "RESTRICTED" => Private,
        "TEAM" or "ENTITY_READ" or "ENTITY_WRITE" => Team,
        "OPEN" or "PUBLIC" or "USER_READ" or "USER_WRITE" => Open,
        _ => null,
    };
}
