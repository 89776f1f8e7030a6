using Orleans.Wandb.Contracts.Limits;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Grains.Projects;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// Holds a run to <see cref="KeyLimits"/> before a new config or summary is stored: at most
/// <see cref="KeyLimits.MaxKeysPerRun"/> flattened paths in the run, and paths the run has not held before are
/// admitted by the project first (its cap on distinct paths). The paths are those the project's run table indexes
/// (<see cref="JsonFlattener"/>), so the caps bound exactly the memory they are for.
/// </summary>
internal sealed class RunKeyAdmission
{
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private HashSet<string>? _configPaths;
    private HashSet<string>? _summaryPaths;

    /// <summary>
    /// Checks a change of config and/or summary (null: unchanged) against the caps; throws
    /// <see cref="CapExceededException"/> past them, before anything is written.
    /// </summary>
    public async Task AdmitAsync(string storedConfig, string storedSummary, string? config, string? summary, Func<IReadOnlyList<string>, Task> admitToProject)
    {
        var configPaths = config is null ? _configPaths ??= Paths(storedConfig, JsonFlattener.Config) : Paths(config, JsonFlattener.Config);
        var summaryPaths = summary is null ? _summaryPaths ??= Paths(storedSummary, JsonFlattener.Summary) : Paths(summary, JsonFlattener.Summary);
        var count = configPaths.Count + summaryPaths.Count;
        if (count > KeyLimits.MaxKeysPerRun)
        {
            throw new CapExceededException(
                $"A run may hold at most {KeyLimits.MaxKeysPerRun} config and summary keys (nested keys count each); this {(config is null ? "summary" : "config")} would make {count}.");
        }

        var fresh = configPaths.Concat(summaryPaths).Where(path => !_admitted.Contains(path)).ToList();
        if (fresh.Count > 0)
        {
            await admitToProject(fresh);
            _admitted.UnionWith(fresh);
        }

        _configPaths = configPaths;
        _summaryPaths = summaryPaths;
    }

    /// <summary>The summary a file_stream batch sets (its last summary line), or null when it sets none.</summary>
    public static string? SummaryOf(FileStreamBatch batch)
    {
        foreach (var chunk in batch.Files)
        {
            if (StreamFileKinds.Of(chunk.Name) == StreamFileKind.Summary && chunk.Lines.Count > 0)
            {
                return chunk.Lines[^1];
            }
        }

        return null;
    }

    private static HashSet<string> Paths(string json, Action<string, Action<string, FieldValue>> flatten)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        flatten(json, (path, _) => paths.Add(path));
        return paths;
    }
}
