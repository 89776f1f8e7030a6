using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// Artifact lookups and per-version bookkeeping straight against <see cref="IArtifactStore"/>. A stateless worker:
/// nothing here needs ordering (each write is one idempotent statement), so every silo answers locally.
/// </summary>
[StatelessWorker]
internal sealed partial class ArtifactRegistryGrain(
    IArtifactStore store,
    ArtifactUploads uploads,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock) : Grain, IArtifactRegistryGrain
{
    /// <inheritdoc />
    public Task<ArtifactVersion?> GetAsync(long artifactId) => store.GetVersionAsync(artifactId);

    /// <inheritdoc />
    public async Task<ArtifactVersion?> FindAsync(string entity, string project, string collection, string selector)
    {
        var info = await store.GetCollectionAsync(entity, project, collection);
        if (info is null)
        {
            return null;
        }

        if (info.IsPortfolio)
        {
            return (await FindLinkInAsync(info, selector))?.Version is { State: ArtifactStates.Committed } linked ? linked : null;
        }

        var found = VersionSelector().Match(selector) is { Success: true } version
            ? await store.FindByVersionIndexAsync(info.Id, long.Parse(version.Groups[1].ValueSpan))
            : await store.FindByAliasAsync(info.Id, selector)
              ?? (ArtifactObjects.IsMd5Hex(selector) ? await store.FindByDigestAsync(info.Id, selector, ArtifactStates.Committed) : null);
        return found is { State: ArtifactStates.Committed } ? found : null;
    }

    /// <inheritdoc />
    public async Task<ArtifactLink?> FindLinkAsync(string entity, string project, string portfolio, string selector) =>
        await store.GetCollectionAsync(entity, project, portfolio) is { IsPortfolio: true } info ? await FindLinkInAsync(info, selector) : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactLink>> ListLinksAsync(long portfolioId) => store.ListLinksAsync(portfolioId);

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactLink>> ListLinksOfVersionAsync(long artifactId) => store.ListLinksOfVersionAsync(artifactId);

    private async Task<ArtifactLink?> FindLinkInAsync(ArtifactCollectionInfo portfolio, string selector) =>
        VersionSelector().Match(selector) is { Success: true } version
            ? await store.FindLinkByIndexAsync(portfolio.Id, long.Parse(version.Groups[1].ValueSpan))
            : await store.FindLinkByAliasAsync(portfolio.Id, selector);

    /// <inheritdoc />
    public Task<ArtifactCollectionInfo?> GetCollectionAsync(string entity, string project, string name) =>
        store.GetCollectionAsync(entity, project, name);

    /// <inheritdoc />
    public Task<ArtifactCollectionInfo?> GetCollectionByIdAsync(long collectionId) => store.GetCollectionByIdAsync(collectionId);

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactVersion>> ListVersionsAsync(long collectionId) => store.ListVersionsAsync(collectionId);

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactCollectionInfo>> ListCollectionsAsync(string entity, string project) =>
        store.ListCollectionsAsync(entity, project);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArtifactCollectionInfo>> QueryCollectionsAsync(
        string entity, string project, string? typeName, string? filters, string? order)
    {
        var collections = await store.ListCollectionsAsync(entity, project);
        var tags = CollectionQuery.MentionsTags(filters)
            ? await store.GetProjectCollectionTagsAsync(entity, project)
            : new Dictionary<long, IReadOnlyList<string>>();
        return CollectionQuery.Apply(
            typeName is null ? collections : collections.Where(c => string.Equals(c.TypeName, typeName, StringComparison.Ordinal)).ToList(),
            filters,
            order,
            id => tags.GetValueOrDefault(id) ?? []);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCollectionTagsAsync(long collectionId) => store.GetCollectionTagsAsync(collectionId);

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactTypeInfo>> ListTypesAsync(string entity, string project) => store.ListTypesAsync(entity, project);

    /// <inheritdoc />
    public Task<ArtifactTypeInfo?> GetTypeAsync(string entity, string project, string name) => store.GetTypeAsync(entity, project, name);

    /// <inheritdoc />
    public Task<ArtifactTypeInfo> EnsureTypeAsync(string entity, string project, string name, string? description) =>
        store.EnsureTypeAsync(entity, project, name, description, clock.GetUtcNow());

    /// <inheritdoc />
    public Task<ArtifactManifestInfo> UpsertManifestAsync(long artifactId, string name, string? digest, string kind, long? baseArtifactId) =>
        store.UpsertManifestAsync(artifactId, name, digest, ArtifactManifestKinds.Parse(kind), baseArtifactId, clock.GetUtcNow());

    /// <inheritdoc />
    public Task<ArtifactManifestInfo?> UpdateManifestAsync(long manifestId, string? digest) =>
        store.UpdateManifestDigestAsync(manifestId, digest);

    /// <inheritdoc />
    public Task<ArtifactManifestInfo?> GetManifestAsync(long manifestId) => store.GetManifestAsync(manifestId);

    /// <inheritdoc />
    public async Task<PreparedFiles> PrepareFilesAsync(long artifactId, IReadOnlyList<string> md5Hexes)
    {
        var version = await store.GetVersionAsync(artifactId) ?? throw new ArgumentException($"Artifact {artifactId} does not exist.");
        if (version.State != ArtifactStates.Pending)
        {
            throw new ArgumentException($"Artifact {version.Id} is {version.State}; only pending artifacts take files.");
        }

        var statuses = await store.StageContentsAsync(artifactId, md5Hexes, clock.GetUtcNow());
        var births = new List<ArtifactVersion> { version };
        foreach (var birthId in statuses.Select(status => status.BirthArtifactId).Where(id => id != artifactId).Distinct())
        {
            // Births are committed versions of the same project (StageContentsAsync looks no further).
            if (await store.GetVersionAsync(birthId) is { } birth && birth.Entity == version.Entity && birth.Project == version.Project)
            {
                births.Add(birth);
            }
        }

        return new PreparedFiles(version, statuses, births);
    }

    /// <inheritdoc />
    public Task<bool> IsStoredAsync(string md5Hex) => store.IsStoredAsync(md5Hex);

    /// <inheritdoc />
    public async Task RegisterBlobAsync(string md5Hex, long sizeBytes, string entity, string project)
    {
        await store.RegisterContentAsync(md5Hex, sizeBytes, clock.GetUtcNow());
        await store.ProveContentAsync(entity, project, md5Hex);
    }

    /// <inheritdoc />
    public Task<ArtifactManifestInfo> RegisterManifestUploadAsync(long manifestId, string md5Base64, long sizeBytes) =>
        uploads.RegisterManifestAsync(manifestId, md5Base64, sizeBytes);

    /// <inheritdoc />
    public Task<ArtifactFilePage> ListFilesAsync(long artifactId, IReadOnlyList<string>? names, string? after, int first) =>
        store.ListFilesAsync(artifactId, names, after, Math.Clamp(first, 0, 10_000));

    /// <inheritdoc />
    public Task<ClientIdMatch?> FindByClientIdAsync(string clientId) => store.FindByClientIdAsync(clientId);

    /// <inheritdoc />
    public Task RecordUseAsync(string entity, string project, string runName, long artifactId, string? usedAs) =>
        store.RecordUseAsync(entity, project, runName, artifactId, usedAs, clock.GetUtcNow());

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactVersion>> ListRunArtifactsAsync(string entity, string project, string runName, bool inputs) =>
        store.ListRunArtifactsAsync(entity, project, runName, inputs);

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactUse>> ListUsesAsync(long artifactId) => store.ListUsesAsync(artifactId);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ProjectsReferencingBlobAsync(string entity, string md5Hex) => store.ProjectsReferencingContentAsync(entity, md5Hex);

    /// <inheritdoc />
    public Task<StorageUsage> GetStorageUsageAsync(string entity, string? project) => store.GetStorageUsageAsync(entity, project);

    [GeneratedRegex("^v([0-9]{1,18})$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSelector();
}
