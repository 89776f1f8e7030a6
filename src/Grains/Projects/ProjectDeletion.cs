using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Projects;

/// <summary>
/// Deletes a project together with the storage it holds, in either profile: every run (through its grain: the run
/// log, history segments, index row and file list), the runs' uploaded files, and every artifact collection (through
/// its grain, which frees only contents no other version references, so bytes shared with other projects stay).
/// The project row goes last, so an interrupted deletion can simply be run again.
/// </summary>
public sealed partial class ProjectDeletion(
    IMetadataStore metadata,
    ITeamStore teams,
    IArtifactStore artifacts,
    IFileStore files,
    IRunLogStore runLogs,
    IHistorySegmentStore segments,
    IGrainFactory grains,
    ILogger<ProjectDeletion> logger)
{
    /// <summary>Deletes the project and frees its storage; false when there is no such project.</summary>
    public async Task<bool> DeleteAsync(string entity, string project)
    {
        if (await metadata.GetProjectAsync(entity, project) is null)
        {
            return false;
        }

        var runs = await metadata.ListRunRowsAsync(entity, project);
        foreach (var run in runs)
        {
            var key = RunKey.From(entity, project, run.Name);
            if (!await grains.GetGrain<IRunGrain>(key).DeleteAsync())
            {
                // An index row without run state (a run that never finished creating): free what it may have written.
                await runLogs.DeleteAsync(key);
                await segments.DeleteRunAsync(key);
            }
        }

        await files.DeletePrefixAsync(RunFileObjects.ProjectPrefix(entity, project), CancellationToken.None);

        var freedBytes = 0L;
        var collections = await artifacts.ListCollectionsAsync(entity, project);
        foreach (var collection in collections)
        {
            var freed = await grains.GetGrain<IArtifactCollectionGrain>(ArtifactCollectionKey.From(entity, project, collection.Name)).DeleteAsync();
            freedBytes += freed.BytesFreed;
        }

        var deleted = await teams.DeleteProjectAsync(entity, project);
        await grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).ReloadAsync();
        LogDeleted(logger, ProjectKey.From(entity, project), runs.Count, collections.Count, freedBytes);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted project {ProjectKey}: {Runs} runs with their logs, history and files, {Collections} artifact collections ({ArtifactBytes} artifact bytes freed)")]
    private static partial void LogDeleted(ILogger logger, string projectKey, int runs, int collections, long artifactBytes);
}
