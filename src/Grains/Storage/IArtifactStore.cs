using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Storage;

/// <summary>
/// The artifact metadata: types, collections, versions, aliases, manifests and their parsed file lists, the
/// content-addressed contents (by MD5) and which versions reference them, and lineage. SQLite in the embedded
/// profile, MySQL in the cluster profile; callers never see SQL. Bytes live in <see cref="Contracts.Storage.IFileStore"/>.
/// Multi-row changes are atomic; ordering within a collection is the collection grain's job.
/// </summary>
public interface IArtifactStore
{
    // Types and collections

    /// <summary>Creates the type unless it exists; returns it either way.</summary>
    Task<ArtifactTypeInfo> EnsureTypeAsync(string entity, string project, string name, string? description, DateTimeOffset at);

    /// <summary>A type by name, or null.</summary>
    Task<ArtifactTypeInfo?> GetTypeAsync(string entity, string project, string name);

    /// <summary>The types of a project, by name.</summary>
    Task<IReadOnlyList<ArtifactTypeInfo>> ListTypesAsync(string entity, string project);

    /// <summary>Creates the collection unless it exists (remembering the client's id for it); returns it either way.</summary>
    Task<ArtifactCollectionInfo> EnsureCollectionAsync(string entity, string project, string name, string typeName, string? clientId, DateTimeOffset at);

    /// <summary>A collection by name, or null.</summary>
    Task<ArtifactCollectionInfo?> GetCollectionAsync(string entity, string project, string name);

    /// <summary>A collection by id, or null.</summary>
    Task<ArtifactCollectionInfo?> GetCollectionByIdAsync(long collectionId);

    /// <summary>The collections of a project, by name.</summary>
    Task<IReadOnlyList<ArtifactCollectionInfo>> ListCollectionsAsync(string entity, string project);

    /// <summary>Sets a collection's name, description and type; false when another collection of the project has the name.</summary>
    Task<bool> UpdateCollectionAsync(long collectionId, string name, string? description, string typeName);

    /// <summary>A collection's tags, sorted.</summary>
    Task<IReadOnlyList<string>> GetCollectionTagsAsync(long collectionId);

    /// <summary>The tags of every collection of a project that has any, by collection id (one query, for tag filters).</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> GetProjectCollectionTagsAsync(string entity, string project);

    /// <summary>Adds and removes tags of a collection in one transaction; returns its tags, sorted.</summary>
    Task<IReadOnlyList<string>> ChangeCollectionTagsAsync(long collectionId, IReadOnlyList<string> add, IReadOnlyList<string> remove, DateTimeOffset at);

    // Portfolios (links)

    /// <summary>Creates the portfolio unless a collection of that name exists; returns the collection of that name either way.</summary>
    Task<ArtifactCollectionInfo> EnsurePortfolioAsync(string entity, string project, string name, string typeName, DateTimeOffset at);

    /// <summary>
    /// Links a committed version into a portfolio in one transaction: an existing link keeps its index, a new one takes
    /// the next and <c>latest</c>; <paramref name="aliases"/> move to it within the portfolio. Returns the link.
    /// </summary>
    Task<ArtifactLink> LinkAsync(long portfolioId, long artifactId, IReadOnlyList<string> aliases, long userId, DateTimeOffset at);

    /// <summary>Removes a link and its aliases (<c>latest</c> moves back); false when the version was not linked.</summary>
    Task<bool> UnlinkAsync(long portfolioId, long artifactId);

    /// <summary>The link of a version in a portfolio, or null.</summary>
    Task<ArtifactLink?> GetLinkAsync(long portfolioId, long artifactId);

    /// <summary>A link by the portfolio's version index (<c>v3</c> → 3), or null.</summary>
    Task<ArtifactLink?> FindLinkByIndexAsync(long portfolioId, long versionIndex);

    /// <summary>The link an alias of the portfolio names, or null.</summary>
    Task<ArtifactLink?> FindLinkByAliasAsync(long portfolioId, string alias);

    /// <summary>The links of a portfolio, newest first.</summary>
    Task<IReadOnlyList<ArtifactLink>> ListLinksAsync(long portfolioId);

    /// <summary>The portfolios a version is linked into, oldest link first.</summary>
    Task<IReadOnlyList<ArtifactLink>> ListLinksOfVersionAsync(long artifactId);

    /// <summary>How many links a portfolio holds.</summary>
    Task<long> CountLinksAsync(long portfolioId);

    // Versions

    /// <summary>A version by id, or null.</summary>
    Task<ArtifactVersion?> GetVersionAsync(long artifactId);

    /// <summary>The newest pending or committed version of the collection created with this distributed id, or null.</summary>
    Task<ArtifactVersion?> FindByDistributedIdAsync(long collectionId, string distributedId);

    /// <summary>The newest version of the collection with this digest and state, or null.</summary>
    Task<ArtifactVersion?> FindByDigestAsync(long collectionId, string digest, string state);

    /// <summary>The committed version with this index, or null.</summary>
    Task<ArtifactVersion?> FindByVersionIndexAsync(long collectionId, long versionIndex);

    /// <summary>The version an alias of the collection names, or null.</summary>
    Task<ArtifactVersion?> FindByAliasAsync(long collectionId, string alias);

    /// <summary>The committed versions of a collection, newest first.</summary>
    Task<IReadOnlyList<ArtifactVersion>> ListVersionsAsync(long collectionId);

    /// <summary>Inserts a pending version; returns its id.</summary>
    Task<long> InsertVersionAsync(long collectionId, NewArtifactVersion request, DateTimeOffset at);

    /// <summary>The aliases requested when the version was created, to attach at commit.</summary>
    Task<IReadOnlyList<string>> GetRequestedAliasesAsync(long artifactId);

    /// <summary>
    /// How many stored (non-reference) files of the version's manifest have no stored content its project holds
    /// (<see cref="ProveContentAsync"/>): listing someone else's MD5 in a manifest does not make their bytes one's own.
    /// </summary>
    Task<long> CountMissingContentsAsync(long artifactId);

    /// <summary>
    /// Commits a pending version: the collection's next version index, file count and size from its manifest, and
    /// the digest of its merged file list when <paramref name="digest"/> is given. False when it was not pending
    /// (already committed: nothing changes).
    /// </summary>
    Task<bool> CommitVersionAsync(long artifactId, string commitHash, string? digest, DateTimeOffset at);

    /// <summary>Changes the fields the edit sets on a version; false when the version does not exist.</summary>
    Task<bool> EditVersionAsync(long artifactId, ArtifactEdit edit, DateTimeOffset at);

    /// <summary>Points each alias in <paramref name="add"/> at the version (moving it) and removes <paramref name="remove"/> from it.</summary>
    Task SetAliasesAsync(long collectionId, long artifactId, IReadOnlyList<string> add, IReadOnlyList<string> remove, DateTimeOffset at);

    /// <summary>
    /// Deletes versions (all of the collection when <paramref name="artifactIds"/> is null, and then the collection
    /// itself), moves <c>latest</c> back to the newest remaining version, and forgets contents no version references
    /// any more. Returns what the caller must delete from the file store.
    /// </summary>
    Task<FreedObjects> DeleteVersionsAsync(long collectionId, IReadOnlyList<long>? artifactIds);

    // Manifests and files

    /// <summary>
    /// Creates the manifest of a version, or updates the digest (and kind) of the existing one of that name; a
    /// <see cref="ArtifactManifestKinds.Patch"/> manifest is always a new row, one per distributed writer.
    /// </summary>
    Task<ArtifactManifestInfo> UpsertManifestAsync(long artifactId, string name, string? digest, string kind, long? baseArtifactId, DateTimeOffset at);

    /// <summary>The manifests of a version, oldest first.</summary>
    Task<IReadOnlyList<ArtifactManifestInfo>> ListManifestsAsync(long artifactId);

    /// <summary>Sets the expected digest of a manifest (null keeps it); null when there is no such manifest.</summary>
    Task<ArtifactManifestInfo?> UpdateManifestDigestAsync(long manifestId, string? digest);

    /// <summary>A manifest by id, or null.</summary>
    Task<ArtifactManifestInfo?> GetManifestAsync(long manifestId);

    /// <summary>
    /// Marks the manifest uploaded (with its size) and sets its version's file list by the manifest's kind: a full
    /// manifest replaces it, an incremental one replaces it with the base version's files overlaid with its entries,
    /// a patch overlays its entries on the files already there (other writers' patches). One transaction.
    /// </summary>
    Task SaveManifestFilesAsync(long manifestId, long sizeBytes, IReadOnlyList<ArtifactFileEntry> files, DateTimeOffset at);

    /// <summary>Files of a version in path order after <paramref name="after"/>, optionally only those named.</summary>
    Task<ArtifactFilePage> ListFilesAsync(long artifactId, IReadOnlyList<string>? names, string? after, int first);

    // Contents

    /// <summary>
    /// Records that a version will upload these contents and says, in order, which its project holds already (content
    /// only other projects hold is "not stored": the answer must not reveal it).
    /// </summary>
    Task<IReadOnlyList<BlobStatus>> StageContentsAsync(long artifactId, IReadOnlyList<string> md5Hexes, DateTimeOffset at);

    /// <summary>Records that bytes with this MD5 were uploaded and checked for a version of the project, which may use them from now on.</summary>
    Task ProveContentAsync(string entity, string project, string md5Hex);

    /// <summary>True when the content with this MD5 is stored.</summary>
    Task<bool> IsStoredAsync(string md5Hex);

    /// <summary>Records that the content with this MD5 is in the file store.</summary>
    Task RegisterContentAsync(string md5Hex, long sizeBytes, DateTimeOffset at);

    /// <summary>
    /// The projects of the entity with a version that references the content with this MD5, or with a portfolio that
    /// links such a version (a registry reader downloads linked versions through the registry).
    /// </summary>
    Task<IReadOnlyList<string>> ProjectsReferencingContentAsync(string entity, string md5Hex);

    /// <summary>Artifact bytes an entity, or one of its projects, keeps stored.</summary>
    Task<StorageUsage> GetStorageUsageAsync(string entity, string? project);

    // Client ids and lineage

    /// <summary>The version or collection registered under a client id, or null.</summary>
    Task<ClientIdMatch?> FindByClientIdAsync(string clientId);

    /// <summary>Records that a run used a version; repeated calls are harmless.</summary>
    Task RecordUseAsync(string entity, string project, string runName, long artifactId, string? usedAs, DateTimeOffset at);

    /// <summary>The versions a run logged (<paramref name="inputs"/> false) or used (true), oldest first.</summary>
    Task<IReadOnlyList<ArtifactVersion>> ListRunArtifactsAsync(string entity, string project, string runName, bool inputs);

    /// <summary>The runs that used a version, in the order they first used it.</summary>
    Task<IReadOnlyList<ArtifactUse>> ListUsesAsync(long artifactId);
}
