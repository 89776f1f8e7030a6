namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// Lookups and per-version bookkeeping of artifacts against the metadata store: reads by id, name and client id,
/// manifests and file lists, content status for uploads, lineage, storage figures. A stateless worker (use key 0):
/// each silo answers locally; its writes are single idempotent statements, so they need no ordering grain.
/// </summary>
[Alias("wandb.IArtifactRegistryGrain")]
public interface IArtifactRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>A version by id, or null.</summary>
    [Alias("Get")]
    Task<ArtifactVersion?> GetAsync(long artifactId);

    /// <summary>
    /// A version of a collection by alias (<c>latest</c>, <c>best</c>), version (<c>v3</c>) or digest, or null;
    /// only committed versions are found by name. In a portfolio the alias and version are the link's, and the answer
    /// is the linked version itself.
    /// </summary>
    [Alias("Find")]
    Task<ArtifactVersion?> FindAsync(string entity, string project, string collection, string selector);

    /// <summary>
    /// A link of a portfolio by alias (<c>latest</c>, <c>production</c>) or the portfolio's version (<c>v3</c>), or null
    /// (also when the collection is a sequence).
    /// </summary>
    [Alias("FindLink")]
    Task<ArtifactLink?> FindLinkAsync(string entity, string project, string portfolio, string selector);

    /// <summary>The links of a portfolio, newest first.</summary>
    [Alias("ListLinks")]
    Task<IReadOnlyList<ArtifactLink>> ListLinksAsync(long portfolioId);

    /// <summary>Every portfolio link of a version, oldest first.</summary>
    [Alias("ListLinksOfVersion")]
    Task<IReadOnlyList<ArtifactLink>> ListLinksOfVersionAsync(long artifactId);

    /// <summary>A collection by name, or null.</summary>
    [Alias("GetCollection")]
    Task<ArtifactCollectionInfo?> GetCollectionAsync(string entity, string project, string name);

    /// <summary>A collection by id, or null.</summary>
    [Alias("GetCollectionById")]
    Task<ArtifactCollectionInfo?> GetCollectionByIdAsync(long collectionId);

    /// <summary>The committed versions of a collection, newest first.</summary>
    [Alias("ListVersions")]
    Task<IReadOnlyList<ArtifactVersion>> ListVersionsAsync(long collectionId);

    /// <summary>The collections of a project, by name.</summary>
    [Alias("ListCollections")]
    Task<IReadOnlyList<ArtifactCollectionInfo>> ListCollectionsAsync(string entity, string project);

    /// <summary>
    /// The collections of a project (of one type when <paramref name="typeName"/> is set) that match W&amp;B's collection
    /// filter, in the order asked for (name when none); a filter or order this server cannot evaluate is refused.
    /// </summary>
    [Alias("QueryCollections")]
    Task<IReadOnlyList<ArtifactCollectionInfo>> QueryCollectionsAsync(string entity, string project, string? typeName, string? filters, string? order);

    /// <summary>The tags of a collection, sorted.</summary>
    [Alias("GetCollectionTags")]
    Task<IReadOnlyList<string>> GetCollectionTagsAsync(long collectionId);

    /// <summary>The artifact types of a project, by name.</summary>
    [Alias("ListTypes")]
    Task<IReadOnlyList<ArtifactTypeInfo>> ListTypesAsync(string entity, string project);

    /// <summary>An artifact type of a project, or null.</summary>
    [Alias("GetType")]
    Task<ArtifactTypeInfo?> GetTypeAsync(string entity, string project, string name);

    /// <summary>Creates the artifact type unless it exists; returns it either way.</summary>
    [Alias("EnsureType")]
    Task<ArtifactTypeInfo> EnsureTypeAsync(string entity, string project, string name, string? description);

    /// <summary>
    /// Creates the manifest row of a version, or updates the existing one of that name (clients call twice); a
    /// <see cref="ArtifactManifestKinds.Patch"/> is always a new row (one per writer).
    /// </summary>
    [Alias("UpsertManifest")]
    Task<ArtifactManifestInfo> UpsertManifestAsync(long artifactId, string name, string? digest, string kind, long? baseArtifactId);

    /// <summary>Sets the expected digest of an existing manifest; null when there is no such manifest.</summary>
    [Alias("UpdateManifest")]
    Task<ArtifactManifestInfo?> UpdateManifestAsync(long manifestId, string? digest);

    /// <summary>A manifest by id, or null.</summary>
    [Alias("GetManifest")]
    Task<ArtifactManifestInfo?> GetManifestAsync(long manifestId);

    /// <summary>
    /// <c>createArtifactFiles</c> in one call: checks the version is pending, notes that it will upload these contents
    /// (so they stay referenced) and says, in request order, which its project holds already, with the birth versions
    /// (all of the same project) the answer links to. Throws <see cref="ArgumentException"/> for a version that is not pending.
    /// </summary>
    [Alias("PrepareFiles")]
    Task<PreparedFiles> PrepareFilesAsync(long artifactId, IReadOnlyList<string> md5Hexes);

    /// <summary>True when the content with this MD5 is stored.</summary>
    [Alias("IsStored")]
    Task<bool> IsStoredAsync(string md5Hex);

    /// <summary>
    /// Records that the content with this MD5 landed in the file store, its bytes checked, uploaded for a version of
    /// the project, which may use it from then on.
    /// </summary>
    [Alias("RegisterBlob")]
    Task RegisterBlobAsync(string md5Hex, long sizeBytes, string entity, string project);

    /// <summary>
    /// Reads the manifest that just landed in the file store, checks it against the announced digest and lists its
    /// files for the version. Throws <see cref="ArgumentException"/> when it is not a valid manifest.
    /// </summary>
    [Alias("RegisterManifestUpload")]
    Task<ArtifactManifestInfo> RegisterManifestUploadAsync(long manifestId, string md5Base64, long sizeBytes);

    /// <summary>Files of a version in path order after <paramref name="after"/>, optionally only those named.</summary>
    [Alias("ListFiles")]
    Task<ArtifactFilePage> ListFilesAsync(long artifactId, IReadOnlyList<string>? names, string? after, int first);

    /// <summary>The version or collection registered under a client id, or null.</summary>
    [Alias("FindByClientId")]
    Task<ClientIdMatch?> FindByClientIdAsync(string clientId);

    /// <summary>Records that a run used a version (lineage); repeated calls are harmless.</summary>
    [Alias("RecordUse")]
    Task RecordUseAsync(string entity, string project, string runName, long artifactId, string? usedAs);

    /// <summary>The versions a run logged (<paramref name="inputs"/> false) or used (true), oldest first.</summary>
    [Alias("ListRunArtifacts")]
    Task<IReadOnlyList<ArtifactVersion>> ListRunArtifactsAsync(string entity, string project, string runName, bool inputs);

    /// <summary>The runs that used a version (lineage), in the order they first used it.</summary>
    [Alias("ListUses")]
    Task<IReadOnlyList<ArtifactUse>> ListUsesAsync(long artifactId);

    /// <summary>The projects of the entity with a version that references the content with this MD5.</summary>
    [Alias("ProjectsReferencingBlob")]
    Task<IReadOnlyList<string>> ProjectsReferencingBlobAsync(string entity, string md5Hex);

    /// <summary>The artifact bytes an entity, or one of its projects when given, keeps stored.</summary>
    [Alias("GetStorageUsage")]
    Task<StorageUsage> GetStorageUsageAsync(string entity, string? project);
}
