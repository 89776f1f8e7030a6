using System.Text;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Utilities;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Run files: upload URLs (<c>createRunFiles</c>, legacy <c>RunUploadUrls</c>), listings (<c>RunFiles</c>,
/// <c>RunDownloadUrls</c>) and the <c>File</c> type's signed URLs. Object keys and URLs come from
/// <see cref="RunFileUrls"/>, which the storage endpoints share.
/// </summary>
internal static class RunFileResolvers
{
    public static void Register(TypeSettings types)
    {
        types.For("Mutation")
            .ResolveAsync("createRunFiles", CreateRunFilesAsync)
            .ResolveAsync("markRunFilesUploaded", MarkRunFilesUploadedAsync)
            .ResolveAsync("deleteFiles", DeleteFilesAsync);

        types.For("Run")
            .ResolveAsync<RunNode>("fileCount", async (node, context) => (await FilesAsync(node, context)).Count)
            .ResolveAsync<RunNode>("files", ListFilesAsync);

        types.For("File")
            .ResolveAsync("url", async context =>
            {
                var file = (FileNode)context.Source!;
                var urls = context.Wandb();
                return context.BoolArgument("upload") == true
                    ? await UploadUrlAsync(file, context)
                    : urls.FileUrls.AuthenticatedDownloadUrl(urls.Http, file.ObjectKey);
            })
            .Resolve("directUrl", context => context.Wandb().FileUrls.DownloadUrl(context.Wandb().Http, ((FileNode)context.Source!).ObjectKey))
            .ResolveAsync("uploadUrl", context => UploadUrlAsync((FileNode)context.Source!, context));
    }

    /// <summary>
    /// An upload URL only for a caller who may write the run's project, else null: reading a run (a team viewer, anyone
    /// on an open project) must not hand out a way to overwrite or add its files. The clients only ask for upload URLs
    /// of their own runs (wandb v0.16.6 wandb/sdk/internal/internal_api.py:upload_urls, Go core
    /// core/internal/runfiles/uploader.go), so a null here only ever reaches a caller who could not write anyway.
    /// </summary>
    private static async Task<object?> UploadUrlAsync(FileNode file, IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        return RunFileObjects.TryParse(file.ObjectKey, out var runFile) && await wandb.CanWriteAsync(runFile.Entity, runFile.Project)
            ? wandb.FileUrls.UploadUrl(wandb.Http, file.ObjectKey)
            : null;
    }

    /// <summary>The most file ids one <c>deleteFiles</c> call may name.</summary>
    public const int MaxFilesPerDelete = 1000;

    /// <summary>
    /// <c>file.delete()</c> (wandb v0.28.2 wandb/apis/public/files.py:File.delete): every id must name a file of a run
    /// the caller may write; the runs forget the files, then their bytes are deleted. <c>projectId</c> is accepted and
    /// not needed (the file id names its run).
    /// </summary>
    private static async Task<object?> DeleteFilesAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var ids = input.Strings("files") ?? [];
        if (ids.Count > MaxFilesPerDelete)
        {
            throw new WandbRequestError($"deleteFiles takes at most {MaxFilesPerDelete} files per call.");
        }

        var byRun = new Dictionary<long, List<string>>();
        foreach (var id in ids)
        {
            if (!RelayIds.TryDecodeFile(id, out var runId, out var name) || !RunFileObjects.IsValidPath(name))
            {
                throw new WandbRequestError($"'{id}' is not a file id.");
            }

            (byRun.TryGetValue(runId, out var names) ? names : byRun[runId] = []).Add(name);
        }

        // Every run is checked before anything is deleted, so a refused id leaves the other files in place.
        var runs = new List<(RunLocation Run, List<string> Names)>();
        foreach (var (runId, names) in byRun)
        {
            var run = await wandb.Directory.FindRunAsync(runId);
            if (run is null || !await wandb.CanReadAsync(run.Entity, run.Project))
            {
                throw WandbRequestError.NotFound($"The files of run {runId} were not found.");
            }

            await Access.EnsureCanWriteAsync(wandb, run.Entity, run.Project);
            runs.Add((run, names));
        }

        var store = wandb.Http.RequestServices.GetRequiredService<IFileStore>();
        foreach (var (run, names) in runs)
        {
            var deleted = await wandb.Grains.GetGrain<IRunGrain>(RunKey.From(run.Entity, run.Project, run.Name)).DeleteFilesAsync(names);
            foreach (var name in deleted)
            {
                await store.DeleteAsync(RunFileObjects.Key(run.Entity, run.Project, run.Name, name), wandb.Http.RequestAborted);
            }
        }

        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    /// <summary>
    /// One upload URL per requested name, in request order with the same names (New aborts on a count mismatch,
    /// Py16 maps by name). The run is created if it does not exist yet, as uploads may precede any upsert.
    /// </summary>
    private static async Task<object?> CreateRunFilesAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var project = Access.ProjectOrDefault(input.String("projectName"));
        var runName = input.String("runName");
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        Access.EnsureValidName(runName, "run");
        var files = input.Strings("files") ?? [];
        EnsureValidPaths(files);
        await Access.EnsureCanWriteAsync(wandb, entity, project);

        var projectInfo = await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).EnsureAsync(wandb.User.Id);
        var info = await wandb.Grains.GetGrain<IRunGrain>(RunKey.From(entity, project, runName!)).EnsureAsync(wandb.User.Id);
        var run = RunNode.From(info, projectInfo);
        var nodes = files.Select(path => FileNode.For(run, path, null)).ToList();
        return new CreateRunFilesPayload(RelayIds.Run(info.Id), wandb.FileUrls.UploadHeaders, nodes, input.String("clientMutationId"));
    }

    /// <summary>Files are registered when their PUT lands, so this notice only needs an answer.</summary>
    private static async Task<object?> MarkRunFilesUploadedAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var project = Access.ProjectOrDefault(input.String("projectName"));
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        await Access.EnsureCanWriteAsync(wandb, entity, project);
        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>files(names, after, first, pattern)</c>, sorted by name with the name as cursor. Names asked for by a
    /// selection that wants upload URLs (legacy <c>RunUploadUrls</c>) get a node even before the file exists.
    /// </summary>
    private static async Task<object?> ListFilesAsync(RunNode node, IResolveFieldContext context)
    {
        var stored = await FilesAsync(node, context);
        var byName = new Dictionary<string, RunFileInfo>(StringComparer.Ordinal);
        foreach (var file in stored)
        {
            byName[file.Name] = file;
        }

        IEnumerable<FileNode> selected;
        var names = context.StringListArgument("names");
        if (names is { Count: > 0 })
        {
            // Nodes for files that do not exist yet only serve upload URLs, which only writers get.
            var forUpload = SelectsUploadUrls(context, context.FieldAst.SelectionSet, 0)
                            && await context.Wandb().CanWriteAsync(node.Entity, node.Project);
            if (forUpload)
            {
                EnsureValidPaths(names);
            }

            // "./name" is the file "name": wandb verify asks for run.file("./test with_special-characters.txt")
            // after saving that path, and the client stored it without the prefix.
            selected = names.Select(WithoutDotPrefix).Distinct(StringComparer.Ordinal)
                .Where(name => byName.ContainsKey(name) || (forUpload && RunFileUrls.CheckPath(name) is null))
                .Select(name => FileNode.For(node, name, byName.GetValueOrDefault(name)));
        }
        else
        {
            selected = byName.Values.Select(file => FileNode.For(node, file.Name, file));
        }

        if (context.StringArgument("pattern") is { Length: > 0 } pattern)
        {
            var like = LikeToRegex(pattern);
            selected = selected.Where(file => like.IsMatch(file.Name));
        }

        var sorted = selected.OrderBy(file => file.Name, StringComparer.Ordinal).ToList();
        return Connection<FileNode>.Page(sorted, file => file.Name, context.StringArgument("after"), context.IntArgument("first")) with
        {
            UploadHeaders = context.Wandb().FileUrls.UploadHeaders,
        };
    }

    /// <summary>True when the selection under <c>files</c> contains <c>url(upload: true)</c>, through fragments too.</summary>
    private static bool SelectsUploadUrls(IResolveFieldContext context, GraphQLSelectionSet? selections, int depth)
    {
        if (selections is null || depth > 8)
        {
            return false;
        }

        foreach (var selection in selections.Selections)
        {
            var found = selection switch
            {
                GraphQLField { Name.Value: var name } field when name == "url" => IsUploadTrue(context, field),
                GraphQLField field => SelectsUploadUrls(context, field.SelectionSet, depth + 1),
                GraphQLInlineFragment inline => SelectsUploadUrls(context, inline.SelectionSet, depth + 1),
                GraphQLFragmentSpread spread => SelectsUploadUrls(
                    context,
                    context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                        .FirstOrDefault(definition => definition.FragmentName.Name.Value == spread.FragmentName.Name.Value)?.SelectionSet,
                    depth + 1),
                _ => false,
            };
            if (found)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUploadTrue(IResolveFieldContext context, GraphQLField field) =>
        context.ExecutionContext.ArgumentValues is { } arguments &&
        arguments.TryGetValue(field, out var values) &&
        values.TryGetValue("upload", out var upload) &&
        upload.Value is true;

    private static string WithoutDotPrefix(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        return name;
    }

    private static void EnsureValidPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (RunFileUrls.CheckPath(path) is { } problem)
            {
                throw new WandbRequestError(problem);
            }
        }
    }

    /// <summary>SQL <c>LIKE</c> (<c>%</c> any run, <c>_</c> one character) as an anchored regular expression.</summary>
    internal static Regex LikeToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The run's files as the run grain knows them: a read never registers anything (uploads register when reported).</summary>
    private static Task<IReadOnlyList<RunFileInfo>> FilesAsync(RunNode node, IResolveFieldContext context) =>
        Grain(node, context).GetFilesAsync();

    private static IRunGrain Grain(RunNode node, IResolveFieldContext context) =>
        context.Wandb().Grains.GetGrain<IRunGrain>(node.Key);
}
