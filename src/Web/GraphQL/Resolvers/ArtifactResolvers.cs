using System.Globalization;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Artifact reads: <c>artifact(id)</c>, <c>clientIDMapping</c>, the project's <c>artifact</c>, <c>artifactType(s)</c>,
/// <c>artifactCollection</c> and <c>artifactCollectionMembership</c>, a run's input and output artifacts, a version's lineage (<c>createdBy</c>, <c>usedBy</c>), and the artifact types' fields. Registered after <see cref="RunFileResolvers"/>: the <c>File</c> URL fields are extended
/// here to serve artifact files too.
/// </summary>
internal static class ArtifactResolvers
{
    /// <summary>Page size when a listing gives no <c>first</c>.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The most files one page returns (the clients ask for 5000).</summary>
    private const int MaxFilePage = 10_000;

    public static void Register(TypeSettings types)
    {
        types.For("Query")
            .ResolveAsync("artifact", async context => await ArtifactAccess.FindReadableNodeAsync(context.Wandb(), context.StringArgument("id")))
            .ResolveAsync("clientIDMapping", ClientIdMappingAsync);

        types.For("Project")
            .ResolveAsync<ProjectNode>("artifact", async (project, context) => await FindVersionAsync(project, context))
            .ResolveAsync<ProjectNode>("artifactCollectionMembership", async (project, context) =>
                await FindVersionAsync(project, context) is { } node ? new ArtifactMembershipNode(node) : null)
            .ResolveAsync<ProjectNode>("artifactType", async (project, context) =>
                context.StringArgument("name") is { Length: > 0 } name
                && await ArtifactAccess.Registry(context.Wandb()).GetTypeAsync(project.Info.Entity, project.Info.Name, name) is { } type
                    ? ArtifactTypeNode.Of(type)
                    : null)
            .ResolveAsync<ProjectNode>("artifactTypes", TypesAsync)
            .ResolveAsync<ProjectNode>("artifactCollection", async (project, context) =>
                context.StringArgument("name") is { Length: > 0 } name
                && await ArtifactAccess.Registry(context.Wandb()).GetCollectionAsync(project.Info.Entity, project.Info.Name, name) is { } info
                    ? ArtifactCollectionNode.Of(info)
                    : null);

        types.For("Run")
            .ResolveAsync<RunNode>("outputArtifacts", (run, context) => RunArtifactsAsync(run, context, inputs: false))
            .ResolveAsync<RunNode>("inputArtifacts", (run, context) => RunArtifactsAsync(run, context, inputs: true));

        types.For("Artifact")
            .ResolveAsync<ArtifactNode>("aliases", AllAliasesAsync)
            .Resolve<ArtifactNode>("currentManifest", ManifestOf)
            .ResolveAsync<ArtifactNode>("files", FilesAsync)
            .ResolveAsync<ArtifactNode>("filesByManifestEntries", FilesByManifestEntriesAsync)
            .ResolveAsync<ArtifactNode>("createdBy", CreatorAsync)
            .ResolveAsync<ArtifactNode>("usedBy", UsersAsync);

        // The members of the ArtifactCreator union tell themselves apart by their node types.
        types.For("Run").IsTypeOfFunc = source => source is RunNode;
        types.For("User").IsTypeOfFunc = source => source is UserNode;

        types.For("ArtifactCollectionMembership")
            .Resolve<ArtifactMembershipNode>("aliases", membership => membership.Artifact.Via is { } link ? AliasesOf(link) : AliasesOf(membership.Artifact))
            .ResolveAsync<ArtifactMembershipNode>("files", (membership, context) => FilesAsync(membership.Artifact, context));

        foreach (var name in new[] { "ArtifactSequence", "ArtifactPortfolio" })
        {
            types.For(name)
                .ResolveAsync<ArtifactCollectionNode>("description", DescriptionAsync)
                .ResolveAsync<ArtifactCollectionNode>("project", ProjectAsync)
                .ResolveAsync<ArtifactCollectionNode>("artifactMembership", async (collection, context) =>
                    await FindInCollectionAsync(collection, context, context.StringArgument("aliasName")) is { } node
                        ? new ArtifactMembershipNode(node)
                        : null)
                .ResolveAsync<ArtifactCollectionNode>("latestArtifact", async (collection, context) =>
                    await FindInCollectionAsync(collection, context, ArtifactAccess.DefaultSelector))
                .ResolveAsync<ArtifactCollectionNode>("aliases", CollectionAliasesAsync);
        }

        types.For("ArtifactSequence").IsTypeOfFunc = source => source is ArtifactCollectionNode { Info.IsPortfolio: false };
        types.For("ArtifactPortfolio").IsTypeOfFunc = source => source is ArtifactCollectionNode { Info.IsPortfolio: true };

        var file = types.For("File");
        ExtendFileField(file, "directUrl", DownloadUrlOf);
        ExtendFileField(file, "url", AuthenticatedDownloadUrlOf);
        ExtendFileField(file, "uploadUrl", (node, context) =>
            node is { UploadKey: { } key, Artifact: { } artifact } ? context.Wandb().ArtifactUrls.UploadUrl(context.Wandb().Http, key, artifact.Version) : null);
    }

    /// <summary>
    /// Every alias of a version the caller may see: those of its sequence (see <see cref="AliasesOf(ArtifactNode)"/>), then
    /// per readable portfolio it is linked into the link's <c>v{N}</c> and aliases. Py16 picks the ones of the
    /// collection it asked for (wandb v0.16.6 wandb/sdk/artifacts/artifact.py:Artifact._from_attrs).
    /// </summary>
    public static async Task<object?> AllAliasesAsync(ArtifactNode artifact, IResolveFieldContext context)
    {
        var aliases = new List<ArtifactAliasNode>(AliasesOf(artifact));
        foreach (var link in await ArtifactAccess.ReadableLinksAsync(context.Wandb(), artifact.Version.Id))
        {
            aliases.AddRange(AliasesOf(link));
        }

        return aliases;
    }

    /// <summary>The aliases of a link within its portfolio: its version alias <c>v{N}</c> first, then the others.</summary>
    public static IReadOnlyList<ArtifactAliasNode> AliasesOf(ArtifactLink link)
    {
        var portfolio = ArtifactCollectionNode.Of(link);
        return [new ArtifactAliasNode(link.VersionAlias, portfolio), .. link.Aliases.Select(alias => new ArtifactAliasNode(alias, portfolio))];
    }

    /// <summary>The aliases of a version: exactly one version alias <c>v{N}</c> first, then <c>latest</c> and user aliases.</summary>
    public static IReadOnlyList<ArtifactAliasNode> AliasesOf(ArtifactNode artifact)
    {
        var collection = artifact.ArtifactSequence;
        var version = artifact.Version;
        var aliases = new List<ArtifactAliasNode>();
        if (version.VersionAlias is { } versionAlias)
        {
            aliases.Add(new ArtifactAliasNode(versionAlias, collection));
        }

        aliases.AddRange(version.Aliases.Select(alias => new ArtifactAliasNode(alias, collection)));
        return aliases;
    }

    /// <summary>The manifest's <c>File</c>; its <c>directUrl</c> returns the manifest bytes exactly as uploaded.</summary>
    public static ArtifactManifestNode? ManifestOf(ArtifactNode artifact) =>
        artifact.Version.ManifestId is { } manifestId
            ? new ArtifactManifestNode(manifestId, ManifestFile(manifestId, uploadKey: null, artifact))
            : null;

    /// <summary>The <c>File</c> a manifest is read from and, with an <paramref name="uploadKey"/>, uploaded to.</summary>
    public static ArtifactFileNode ManifestFile(long manifestId, string? uploadKey, ArtifactNode artifact) =>
        new(RelayIds.Encode("File", $"manifest:{RelayIds.Token(manifestId)}"), "wandb_manifest.json", ArtifactObjects.ManifestKey(manifestId),
            uploadKey, null, null, null, artifact.UpdatedAt, artifact);

    private static async Task<ArtifactNode?> FindVersionAsync(ProjectNode project, IResolveFieldContext context) =>
        await ArtifactAccess.FindByNameAsync(context.Wandb(), project.Info.Entity, project.Info.Name, context.StringArgument("name"));

    private static async Task<ArtifactNode?> FindInCollectionAsync(ArtifactCollectionNode collection, IResolveFieldContext context, string? selector) =>
        await ArtifactAccess.FindByNameAsync(
            context.Wandb(), collection.Info.Entity, collection.Info.Project,
            $"{collection.Info.Name}:{(string.IsNullOrEmpty(selector) ? ArtifactAccess.DefaultSelector : selector)}");

    private static async Task<object?> ClientIdMappingAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        if (context.StringArgument("clientID") is not { Length: > 0 } clientId
            || await ArtifactAccess.Registry(wandb).FindByClientIdAsync(clientId) is not { } match)
        {
            return null;
        }

        if (match.IsCollection)
        {
            var collection = await ArtifactAccess.Registry(wandb).GetCollectionByIdAsync(match.Id);
            return collection is not null && await wandb.CanReadAsync(collection.Entity, collection.Project) ? new ClientIdMappingNode(ArtifactIds.Collection(match.Id)) : null;
        }

        var version = await ArtifactAccess.Registry(wandb).GetAsync(match.Id);
        return version is not null && await wandb.CanReadAsync(version.Entity, version.Project) ? new ClientIdMappingNode(ArtifactIds.Artifact(match.Id)) : null;
    }

    private static async Task<object?> RunArtifactsAsync(RunNode run, IResolveFieldContext context, bool inputs)
    {
        var wandb = context.Wandb();
        var versions = await ArtifactAccess.Registry(wandb).ListRunArtifactsAsync(run.Entity, run.Project, run.Name, inputs);
        var readable = new List<ArtifactNode>();
        foreach (var version in versions)
        {
            // Inputs may come from other entities; list only what the caller could open.
            if (await wandb.CanReadAsync(version.Entity, version.Project))
            {
                readable.Add(new ArtifactNode(version));
            }
        }

        return Connection<ArtifactNode>.Page(readable, node => node.Version.Id.ToString("D19"), context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
    }

    private static async Task<object?> TypesAsync(ProjectNode project, IResolveFieldContext context)
    {
        var types = await ArtifactAccess.Registry(context.Wandb()).ListTypesAsync(project.Info.Entity, project.Info.Name);
        var nodes = types.Select(ArtifactTypeNode.Of).ToList();
        return Connection<ArtifactTypeNode>.Page(nodes, node => node.Name, context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
    }

    /// <summary>
    /// The run that logged the version, or else the user who created it (W&amp;B's <c>createdBy</c>); null for a caller who
    /// reached it through a link without access to its own project, which keeps that project's runs private.
    /// </summary>
    private static async Task<object?> CreatorAsync(ArtifactNode artifact, IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var version = artifact.Version;
        if (artifact.Via is not null && !await wandb.CanReadAsync(version.Entity, version.Project))
        {
            return null;
        }

        if (version.RunName is { } runName
            && await wandb.Grains.GetGrain<IRunGrain>(RunKey.From(version.Entity, version.Project, runName)).GetAsync() is { } run)
        {
            return RunNode.From(run);
        }

        return await ProjectResolvers.UserAsync(wandb, version.CreatedBy);
    }

    /// <summary>The runs that used the version, leaving out those in projects the caller may not read.</summary>
    private static async Task<object?> UsersAsync(ArtifactNode artifact, IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var uses = await ArtifactAccess.Registry(wandb).ListUsesAsync(artifact.Version.Id);
        var runs = new List<RunNode>();
        foreach (var use in uses)
        {
            if (await wandb.CanReadAsync(use.Entity, use.Project)
                && await wandb.Grains.GetGrain<IRunGrain>(RunKey.From(use.Entity, use.Project, use.RunName)).GetAsync() is { } run)
            {
                runs.Add(RunNode.From(run));
            }
        }

        // Cursors are positions in first-use order, zero-padded so they sort as the list does.
        var page = Connection<int>.Page(
            Enumerable.Range(0, runs.Count).ToList(), index => index.ToString("D10", CultureInfo.InvariantCulture),
            context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
        return new Connection<RunNode>(page.Edges.Select(edge => new Edge<RunNode>(runs[edge.Node], edge.Cursor)).ToList(), page.PageInfo)
        {
            TotalCount = runs.Count,
        };
    }

    private static async Task<object?> FilesAsync(ArtifactNode artifact, IResolveFieldContext context)
    {
        var first = Math.Clamp(context.IntArgument("first") ?? DefaultPageSize, 0, MaxFilePage);
        var names = context.StringListArgument("names");
        var page = await ArtifactAccess.Registry(context.Wandb()).ListFilesAsync(
            artifact.Version.Id, names is { Count: > 0 } ? names : null, context.StringArgument("after"), first);
        var edges = page.Files.Select(entry => new Edge<ArtifactFileNode>(FileOf(artifact, entry), entry.Path)).ToList();
        return new Connection<ArtifactFileNode>(edges, new PageInfo(edges.Count > 0 ? edges[^1].Cursor : null, page.HasNextPage))
        {
            TotalCount = checked((int)page.TotalCount),
        };
    }

    /// <summary>
    /// <c>filesByManifestEntries</c> (wandb v0.28.2 core/api/graphql/query_artifact_files_by_manifest_entries.graphql):
    /// the download URLs of the version's files the entries name, in entry order. An entry counts only when the
    /// version holds that path with that digest: the query never opens a content the version does not list.
    /// </summary>
    private static async Task<object?> FilesByManifestEntriesAsync(ArtifactNode artifact, IResolveFieldContext context)
    {
        var entries = (context.Argument("entries") as IEnumerable<object?> ?? [])
            .OfType<IDictionary<string, object?>>()
            .Select(entry => (Name: entry.String("name") ?? "", Digest: entry.String("digest") ?? ""))
            .ToList();
        if (entries.Count > MaxFilePage)
        {
            throw new WandbRequestError($"filesByManifestEntries takes at most {MaxFilePage} entries per request, not {entries.Count}.", 400);
        }

        var names = entries.Select(entry => entry.Name).Distinct(StringComparer.Ordinal).ToList();
        var stored = names.Count == 0
            ? []
            : (await ArtifactAccess.Registry(context.Wandb()).ListFilesAsync(artifact.Version.Id, names, null, MaxFilePage)).Files
                .ToDictionary(file => file.Path, StringComparer.Ordinal);
        var edges = entries
            .Where(entry => stored.TryGetValue(entry.Name, out var file) && file.Digest == entry.Digest)
            .DistinctBy(entry => entry.Name)
            .Select(entry => new Edge<ArtifactFileNode>(FileOf(artifact, stored[entry.Name]), entry.Name))
            .ToList();
        return new Connection<ArtifactFileNode>(edges, new PageInfo(edges.Count > 0 ? edges[^1].Cursor : null, false))
        {
            TotalCount = edges.Count,
        };
    }

    private static ArtifactFileNode FileOf(ArtifactNode artifact, ArtifactFileEntry entry) =>
        new(ArtifactIds.File(artifact.Version.Id, entry.Path), entry.Path,
            entry.Md5Hex is { } md5Hex ? ArtifactObjects.BlobKey(md5Hex) : null, null, entry.SizeBytes,
            entry.Md5Hex is null ? null : entry.Digest, entry.Digest, artifact.UpdatedAt, artifact);

    private static async Task<object?> DescriptionAsync(ArtifactCollectionNode collection, IResolveFieldContext context) =>
        collection.Complete
            ? collection.Info.Description
            : (await ArtifactAccess.Registry(context.Wandb()).GetCollectionByIdAsync(collection.Info.Id))?.Description;

    private static async Task<object?> ProjectAsync(ArtifactCollectionNode collection, IResolveFieldContext context)
    {
        var info = await context.Wandb().Grains.GetGrain<IProjectGrain>(ProjectKey.From(collection.Info.Entity, collection.Info.Project)).GetAsync()
                   ?? throw new InvalidOperationException($"Artifact collection {collection.Info.Id} exists but its project does not.");
        return new ProjectNode(info);
    }

    private static async Task<object?> CollectionAliasesAsync(ArtifactCollectionNode collection, IResolveFieldContext context)
    {
        if (collection.Info.IsPortfolio)
        {
            var linked = (await ArtifactAccess.Registry(context.Wandb()).ListLinksAsync(collection.Info.Id))
                .SelectMany(link => link.Aliases)
                .Order(StringComparer.Ordinal)
                .Select(alias => new ArtifactAliasNode(alias, collection))
                .ToList();
            return Connection<ArtifactAliasNode>.Page(linked, alias => alias.Alias, context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
        }

        var versions = await ArtifactAccess.Registry(context.Wandb()).ListVersionsAsync(collection.Info.Id);
        var aliases = versions
            .SelectMany(version => version.Aliases)
            .Order(StringComparer.Ordinal)
            .Select(alias => new ArtifactAliasNode(alias, collection))
            .ToList();
        return Connection<ArtifactAliasNode>.Page(aliases, alias => alias.Alias, context.StringArgument("after"), context.IntArgument("first") ?? DefaultPageSize);
    }

    /// <summary>Download URLs are granted for the project the caller reached the version through (its own, or a link's portfolio's).</summary>
    private static object? DownloadUrlOf(ArtifactFileNode node, IResolveFieldContext context) =>
        node is { ObjectKey: { } key, Artifact: { } artifact }
            ? context.Wandb().ArtifactUrls.DownloadUrl(context.Wandb().Http, key, artifact.GrantProject, node.Name)
            : null;

    private static object? AuthenticatedDownloadUrlOf(ArtifactFileNode node, IResolveFieldContext context) =>
        node is { ObjectKey: { } key, Artifact: { } artifact }
            ? context.Wandb().ArtifactUrls.AuthenticatedDownloadUrl(context.Wandb().Http, key, artifact.GrantProject, node.Name)
            : null;

    /// <summary>Serves an artifact file on a <c>File</c> field and leaves run files to the resolver already there.</summary>
    private static void ExtendFileField(TypeConfig file, string field, Func<ArtifactFileNode, IResolveFieldContext, object?> resolve) =>
        file.Extend(field, runFiles => new FuncFieldResolver<object>(
            (Func<IResolveFieldContext, ValueTask<object?>>)(context => context.Source is ArtifactFileNode node
                ? new ValueTask<object?>(resolve(node, context))
                : runFiles.ResolveAsync(context))));
}
