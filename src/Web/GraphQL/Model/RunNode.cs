using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>Run</c> (also reached as <c>bucket</c>). Built from the run grain's <see cref="RunInfo"/>, or from a
/// run-table <see cref="RunRow"/> when listing; fields the row lacks load the full info once, on first use, so
/// lightweight listings cost one project-grain call.
/// </summary>
public sealed class RunNode
{
    private Task<RunInfo?>? _info;

    private RunNode(string entity, string project, string name, long id, RunRow? row, RunInfo? info, ProjectInfo? knownProject)
    {
        Entity = entity;
        Project = project;
        Name = name;
        Id = id;
        Row = row;
        KnownProject = knownProject;
        if (info is not null)
        {
            _info = Task.FromResult<RunInfo?>(info);
        }
    }

    public string Entity { get; }

    public string Project { get; }

    public string Name { get; }

    /// <summary>The numeric storage id.</summary>
    public long Id { get; }

    /// <summary>The run-table row this node was listed from, if any.</summary>
    public RunRow? Row { get; }

    /// <summary>The run's project when the caller already had it (saves a grain call for <c>project</c>).</summary>
    public ProjectInfo? KnownProject { get; }

    /// <summary>The run grain's key.</summary>
    public string Key => RunKey.From(Entity, Project, Name);

    public static RunNode From(RunInfo info, ProjectInfo? project = null) =>
        new(info.Entity, info.Project, info.Name, info.Id, null, info, project);

    public static RunNode From(ProjectInfo project, RunRow row) =>
        new(project.Entity, project.Name, row.Name, row.Id, row, null, project);

    /// <summary>The full run info, loaded from the run grain at most once per node.</summary>
    public Task<RunInfo?> InfoAsync(IGrainFactory grains)
    {
        var existing = Volatile.Read(ref _info);
        if (existing is not null)
        {
            return existing;
        }

        // Fields of one object resolve in parallel; whoever loses the race uses the winner's task.
        var load = grains.GetGrain<IRunGrain>(Key).GetAsync().AsTask();
        return Interlocked.CompareExchange(ref _info, load, null) ?? load;
    }
}
