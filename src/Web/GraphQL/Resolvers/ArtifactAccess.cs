using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// Finding versions for the artifact resolvers under the same rules as runs (<see cref="Access"/>): a version the
/// caller may not read looks exactly like a missing one; a write to an entity the caller may not write answers 403.
/// </summary>
internal static class ArtifactAccess
{
    /// <summary>What <c>project.artifact(name: "collection")</c> means without a selector.</summary>
    public const string DefaultSelector = "latest";

    public static IArtifactRegistryGrain Registry(WandbGraphQLContext context) => context.Grains.ArtifactRegistry();

    public static IArtifactCollectionGrain Collection(WandbGraphQLContext context, string entity, string project, string collection) =>
        context.Grains.GetGrain<IArtifactCollectionGrain>(ArtifactCollectionKey.From(entity, project, collection));

    /// <summary>The number inside an artifact id, or null when it is not one.</summary>
    public static long? DecodeArtifactId(string? id) =>
        RelayIds.TryDecodeNumber(id, ArtifactIds.ArtifactType, out var value) ? value : null;

    /// <summary>A version the caller may read (through its own project or a portfolio it is linked into), or null.</summary>
    public static async Task<ArtifactVersion?> FindReadableAsync(WandbGraphQLContext context, string? id) =>
        (await FindReadableNodeAsync(context, id))?.Version;

    /// <summary>
    /// A version the caller may read, or null: through its own project, else through the first portfolio it is linked
    /// into that the caller may read (W&amp;B's registry readers see linked versions without access to the source project).
    /// </summary>
    public static async Task<ArtifactNode?> FindReadableNodeAsync(WandbGraphQLContext context, string? id) =>
        DecodeArtifactId(id) is { } artifactId && await Registry(context).GetAsync(artifactId) is { } version
            ? await ReadableNodeAsync(context, version)
            : null;

    /// <summary>The version as the caller may reach it (see <see cref="FindReadableNodeAsync"/>), or null.</summary>
    public static async Task<ArtifactNode?> ReadableNodeAsync(WandbGraphQLContext context, ArtifactVersion version)
    {
        if (await context.CanReadAsync(version.Entity, version.Project))
        {
            return new ArtifactNode(version);
        }

        foreach (var link in await Registry(context).ListLinksOfVersionAsync(version.Id))
        {
            if (await context.CanReadAsync(link.Entity, link.Project))
            {
                return ArtifactNode.Of(link);
            }
        }

        return null;
    }

    /// <summary>The links of a version into portfolios the caller may read.</summary>
    public static async Task<IReadOnlyList<ArtifactLink>> ReadableLinksAsync(WandbGraphQLContext context, long artifactId)
    {
        var readable = new List<ArtifactLink>();
        foreach (var link in await Registry(context).ListLinksOfVersionAsync(artifactId))
        {
            if (await context.CanReadAsync(link.Entity, link.Project))
            {
                readable.Add(link);
            }
        }

        return readable;
    }

    /// <summary>A version the caller may write; fails with a message when it is unknown, and with 403 when refused.</summary>
    public static async Task<ArtifactVersion> GetWritableAsync(WandbGraphQLContext context, string? id)
    {
        var version = DecodeArtifactId(id) is { } artifactId ? await Registry(context).GetAsync(artifactId) : null;
        if (version is null || !await context.CanReadAsync(version.Entity, version.Project))
        {
            throw WandbRequestError.NotFound($"Artifact '{id}' was not found.");
        }

        await Access.EnsureCanWriteAsync(context, version.Entity, version.Project);
        return version;
    }

    /// <summary>Splits <c>collection:alias</c>, <c>collection:v3</c> or <c>collection:&lt;digest&gt;</c>; a bare name means <c>latest</c>.</summary>
    public static (string Collection, string Selector) ParseName(string name)
    {
        var colon = name.IndexOf(':');
        return colon < 0 ? (name, DefaultSelector) : (name[..colon], name[(colon + 1)..]);
    }

    /// <summary>
    /// A committed version of a readable project by <c>collection:selector</c>, or null. In a portfolio the selector is
    /// the link's alias or version, and the node carries the link.
    /// </summary>
    public static async Task<ArtifactNode?> FindByNameAsync(WandbGraphQLContext context, string entity, string project, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var (collection, selector) = ParseName(name);
        if (!Names.IsValid(collection) || selector.Length == 0)
        {
            return null;
        }

        if (await Registry(context).FindLinkAsync(entity, project, collection, selector) is { } link)
        {
            return link.Version.State == ArtifactStates.Committed ? ArtifactNode.Of(link) : null;
        }

        return await Registry(context).FindAsync(entity, project, collection, selector) is { } version ? new ArtifactNode(version) : null;
    }
}
