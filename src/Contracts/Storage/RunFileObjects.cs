using Orleans.Wandb.Contracts.Keys;

namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// The object-key scheme of run files in the file store: <c>runs/{entity}/{project}/{run}/{path}</c>, where
/// <c>path</c> is the run-relative, '/'-separated name the client uses (<c>media/images/a.png</c>).
/// </summary>
public static class RunFileObjects
{
    /// <summary>What every run file's object key starts with.</summary>
    public const string Prefix = "runs/";

    /// <summary>The object key of a run file (names and path must be valid).</summary>
    public static string Key(string entity, string project, string run, string path)
    {
        if (!IsValidPath(path))
        {
            throw new ArgumentException($"Invalid run file name '{path}': use a relative '/'-separated path without '..' or empty parts.");
        }

        return $"{Prefix}{RunKey.From(entity, project, run)}/{path}";
    }

    /// <summary>The prefix every object key of the files of a project's runs starts with (names must be valid).</summary>
    public static string ProjectPrefix(string entity, string project) => $"{Prefix}{ProjectKey.From(entity, project)}/";

    /// <summary>The prefix every object key of a run's files starts with (names must be valid).</summary>
    public static string RunPrefix(string entity, string project, string run) => $"{Prefix}{RunKey.From(entity, project, run)}/";

    /// <summary>Splits an object key into its run and file path.</summary>
    public static bool TryParse(string objectKey, out RunFileObject runFile)
    {
        runFile = default;
        if (!objectKey.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = objectKey[Prefix.Length..].Split('/', 4);
        if (parts.Length != 4 || !Names.IsValid(parts[0]) || !Names.IsValid(parts[1]) || !Names.IsValid(parts[2]) || !IsValidPath(parts[3]))
        {
            return false;
        }

        runFile = new RunFileObject(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>True for a relative, '/'-separated file path without '.', '..' or empty segments.</summary>
    public static bool IsValidPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 1024 || path.Contains('\\') || path.Contains('\0'))
        {
            return false;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
