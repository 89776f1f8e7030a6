namespace Orleans.Wandb.Contracts.Keys;

/// <summary>
/// What a user, team, project or run name may look like. Names end up in URLs, grain keys and file paths,
/// so they may not contain '/', '\', control characters, or be "." / "..".
/// </summary>
public static class Names
{
    /// <summary>Longest accepted name, in characters.</summary>
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="name"/> can be used as an entity, project or run name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is '/' or '\\' or '?' or '#' or '%' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="what"/> when the name is not valid.</summary>
    public static void EnsureValid(string? name, string what)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException(
                $"Invalid {what} name '{name}': use 1-{MaxLength} characters without '/', '\\', '?', '#', '%' or spaces.");
        }
    }
}
