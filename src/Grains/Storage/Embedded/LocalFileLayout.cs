namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// Where an object key lives under the file store's folder. Object stores allow both <c>a</c> and <c>a/b</c> as keys, a
/// disk does not allow a file and a folder of one name, so folders and files are named apart: every folder segment is
/// escaped (<c>~</c> doubled) and ends in a single <c>~</c>, every file name is only escaped. An escaped name ends in an
/// even run of <c>~</c> and a folder name in an odd one, so they never meet: <c>runs/e/p/r/a</c> is
/// <c>runs~/e~/p~/r~/a</c> and <c>runs/e/p/r/a/b</c> is <c>runs~/e~/p~/r~/a~/b</c>. Stores written before this layout
/// (<see cref="Legacy"/>: the key as a path) stay readable; their top folders (<c>runs</c>, <c>artifacts</c>) carry no
/// <c>~</c>, so the two layouts never share a folder.
/// </summary>
internal static class LocalFileLayout
{
    private const char Marker = '~';

    /// <summary>The relative path of an object key (segments already checked) in the current layout.</summary>
    public static string Current(IReadOnlyList<string> segments)
    {
        var parts = new string[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            parts[i] = i < segments.Count - 1 ? Escape(segments[i]) + Marker : Escape(segments[i]);
        }

        return Path.Combine(parts);
    }

    /// <summary>The relative path of a folder prefix (every segment a folder) in the current layout.</summary>
    public static string CurrentFolder(IReadOnlyList<string> segments) =>
        Path.Combine(segments.Select(segment => Escape(segment) + Marker).ToArray());

    /// <summary>The relative path the store used before this layout: the key itself.</summary>
    public static string Legacy(IReadOnlyList<string> segments) => Path.Combine(segments.ToArray());

    /// <summary>The object key of a file found under the store's folder (either layout), or null for a temporary file.</summary>
    public static string? KeyOf(string relativePath)
    {
        var segments = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (segments[^1].StartsWith('.'))
        {
            return null;
        }

        if (!IsFolderName(segments[0]))
        {
            return string.Join('/', segments);
        }

        return string.Join('/', segments.Select((segment, i) => Unescape(i < segments.Length - 1 ? segment[..^1] : segment)));
    }

    private static bool IsFolderName(string name)
    {
        var run = name.Length - name.TrimEnd(Marker).Length;
        return run % 2 == 1;
    }

    private static string Escape(string segment) => segment.Replace("~", "~~", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~~", "~", StringComparison.Ordinal);
}
