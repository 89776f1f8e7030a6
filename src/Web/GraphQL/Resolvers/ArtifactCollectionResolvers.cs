using GraphQL;
using GraphQL.Utilities;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Collections and types as the public API browses them (<c>api.artifact_types()</c>, <c>artifact_type()</c>,
/// <c>artifact_collections()</c>, <c>artifact_collection()</c>, <c>artifacts()</c>/<c>artifact_versions()</c>,
/// <c>collection.aliases</c>, <c>artifact.files()</c> in Py16, <c>artifact.linked_artifacts</c>): the types' lookups,
/// the collections' listings, versions, tags and dates, and a version's memberships. Everything here is reached
/// through a readable project or version, except <c>artifactCollection(id)</c>, which checks the collection's project.
/// </summary>
internal static class ArtifactCollectionResolvers
{
    public static void Register(TypeSettings types)
    {
        types.For("Query")
            .ResolveAsync("artifactCollection", CollectionByIdAsync);

        types.For("Project")
            .ResolveAsync<ProjectNode>("artifactCollections", (project, context) =>
                CollectionsAsync(context, project.Info.Entity, project.Info.Name, typeName: null));

        types.For("ArtifactType")
            .ResolveAsync<ArtifactTypeNode>("createdAt", TypeCreatedAtAsync)
            .ResolveAsync<ArtifactTypeNode>("artifactCollections", (type, context) => CollectionsAsync(context, type.Entity, type.Project, type.Name))
            .ResolveAsync<ArtifactTypeNode>("artifactCollection", CollectionOfTypeAsync)
            .ResolveAsync<ArtifactTypeNode>("artifactSequence", CollectionOfTypeAsync)
            .ResolveAsync<ArtifactTypeNode>("artifact", VersionOfTypeAsync);

        foreach (var name in new[] { "ArtifactSequence", "ArtifactPortfolio" })
        {
            types.For(name)
                .ResolveAsync<ArtifactCollectionNode>("artifacts", VersionsAsync)
                .ResolveAsync<ArtifactCollectionNode>("updatedAt", UpdatedAtAsync)
                .Resolve<ArtifactCollectionNode>("defaultArtifactType", collection =>
                    new ArtifactTypeNode(null, collection.Info.Entity, collection.Info.Project, collection.Info.TypeName, null))
                .ResolveAsync<ArtifactCollectionNode>("tags", async (collection, context) =>
                    Connection<TagNode>.All(
                        (await ArtifactAccess.Registry(context.Wandb()).GetCollectionTagsAsync(collection.Info.Id))
                        .Select(tag => new TagNode(collection.Info.Id, tag)).ToList(),
                        tag => tag.Name));
        }

        types.For("ArtifactEdge")
            .Resolve<Edge<ArtifactNode>>("version", edge => edge.Node?.Via?.VersionAlias ?? edge.Node?.Version.VersionAlias);

        // A version's memberships: its own sequence, then every portfolio it is linked into that the caller may read.
        types.For("Artifact")
            .ResolveAsync<ArtifactNode>("artifactMemberships", async (artifact, context) =>
            {
                var memberships = new List<ArtifactMembershipNode> { new(new ArtifactNode(artifact.Version)) };
                memberships.AddRange((await ArtifactAccess.ReadableLinksAsync(context.Wandb(), artifact.Version.Id))
                    .Select(link => new ArtifactMembershipNode(ArtifactNode.Of(link))));
                return Connection<ArtifactMembershipNode>.All(memberships);
            });
    }

    private static async Task<object?> CollectionByIdAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        if (!RelayIds.TryDecodeNumber(context.StringArgument("id"), ArtifactIds.CollectionType, out var id)
            || await ArtifactAccess.Registry(wandb).GetCollectionByIdAsync(id) is not { } collection)
        {
            return null;
        }

        return await wandb.CanReadAsync(collection.Entity, collection.Project) ? ArtifactCollectionNode.Of(collection) : null;
    }

    /// <summary>
    /// A project's collections (of one type, or all), filtered and ordered as asked (W&amp;B's
    /// <c>ARTIFACT_COLLECTIONS_FILTERING_SORTING</c>, see <c>CollectionQuery</c>), by name by default; a filter this
    /// server cannot evaluate is a 400 naming it, never a silently unfiltered list.
    /// </summary>
    private static async Task<object?> CollectionsAsync(IResolveFieldContext context, string entity, string project, string? typeName)
    {
        var collections = await ArtifactAccess.Registry(context.Wandb()).QueryCollectionsAsync(
            entity, project, typeName, context.StringArgument("filters"), context.StringArgument("order"));

        // Cursors are names in the default order (as the clients have always seen them), positions in an asked-for one.
        var byName = string.IsNullOrWhiteSpace(context.StringArgument("order"));
        var nodes = collections.Select((collection, index) => (
            Node: ArtifactCollectionNode.Of(collection),
            Cursor: byName ? collection.Name : index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var page = Connection<(ArtifactCollectionNode Node, string Cursor)>.Page(
            nodes, node => node.Cursor, context.StringArgument("after"), context.IntArgument("first") ?? ArtifactResolvers.DefaultPageSize);
        return new Connection<ArtifactCollectionNode>(
            page.Edges.Select(edge => new Edge<ArtifactCollectionNode>(edge.Node.Node, edge.Cursor)).ToList(), page.PageInfo)
        {
            TotalCount = page.TotalCount,
        };
    }

    private static async Task<object?> CollectionOfTypeAsync(ArtifactTypeNode type, IResolveFieldContext context) =>
        context.StringArgument("name") is { Length: > 0 } name
        && await ArtifactAccess.Registry(context.Wandb()).GetCollectionAsync(type.Entity, type.Project, name) is { } collection
        && string.Equals(collection.TypeName, type.Name, StringComparison.Ordinal)
            ? ArtifactCollectionNode.Of(collection)
            : null;

    private static async Task<object?> VersionOfTypeAsync(ArtifactTypeNode type, IResolveFieldContext context) =>
        await ArtifactAccess.FindByNameAsync(context.Wandb(), type.Entity, type.Project, context.StringArgument("name")) is { } node
        && string.Equals(node.Version.TypeName, type.Name, StringComparison.Ordinal)
            ? node
            : null;

    private static async Task<object?> TypeCreatedAtAsync(ArtifactTypeNode type, IResolveFieldContext context) =>
        type.CreatedAt
        ?? (await ArtifactAccess.Registry(context.Wandb()).GetTypeAsync(type.Entity, type.Project, type.Name))?.CreatedAt
        ?? throw new InvalidOperationException($"Artifact type {type.Entity}/{type.Project}/{type.Name} is in use but has no row.");

    /// <summary>
    /// The committed versions of a sequence, or the committed linked versions of a portfolio (each reached through its
    /// link, so <c>version</c> and the download grants are the portfolio's), filtered and ordered as asked.
    /// </summary>
    private static async Task<object?> VersionsAsync(ArtifactCollectionNode collection, IResolveFieldContext context)
    {
        var query = ArtifactVersionQuery.Parse(context.StringArgument("filters"), context.StringArgument("order"));
        var registry = ArtifactAccess.Registry(context.Wandb());
        var links = new Dictionary<long, ArtifactLink>();
        IReadOnlyList<ArtifactVersion> all;
        if (collection.Info.IsPortfolio)
        {
            foreach (var link in await registry.ListLinksAsync(collection.Info.Id))
            {
                links[link.Version.Id] = link;
            }

            // Filters and order see the portfolio's index and aliases (registry.versions() filters by those).
            all = links.Values
                .Where(link => link.Version.State == ArtifactStates.Committed)
                .Select(link => link.Version with { VersionIndex = link.VersionIndex, Aliases = link.Aliases })
                .ToList();
        }
        else
        {
            all = await registry.ListVersionsAsync(collection.Info.Id);
        }

        var versions = query.Apply(all);
        var page = Connection<ArtifactVersion>.Page(
            versions, query.CursorOf, context.StringArgument("after"), context.IntArgument("first") ?? ArtifactResolvers.DefaultPageSize);
        return new Connection<ArtifactNode>(
            page.Edges.Select(edge => new Edge<ArtifactNode>(
                links.TryGetValue(edge.Node!.Id, out var link) ? ArtifactNode.Of(link) : new ArtifactNode(edge.Node), edge.Cursor)).ToList(),
            page.PageInfo)
        {
            TotalCount = versions.Count,
        };
    }

    /// <summary>When the collection last changed: its newest version's update (a portfolio's newest link), or its creation while it has none.</summary>
    private static async Task<object?> UpdatedAtAsync(ArtifactCollectionNode collection, IResolveFieldContext context)
    {
        if (collection.Info.IsPortfolio)
        {
            var links = await ArtifactAccess.Registry(context.Wandb()).ListLinksAsync(collection.Info.Id);
            return links.Count == 0 ? collection.CreatedAt : links.Max(link => link.LinkedAt);
        }

        var versions = await ArtifactAccess.Registry(context.Wandb()).ListVersionsAsync(collection.Info.Id);
        return versions.Count == 0 ? collection.CreatedAt : versions.Max(version => version.UpdatedAt);
    }
}
