namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// One artifact collection, keyed by <see cref="ArtifactCollectionKey"/>. Every change that must be ordered within
/// the collection goes through it: creating versions (deduplicated by digest), commits (version numbers,
/// <c>latest</c>), alias moves and deletions, so two clients committing at once never get the same version index.
/// </summary>
[Alias("wandb.IArtifactCollectionGrain")]
public interface IArtifactCollectionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the committed version with this digest (its requested aliases applied), else the pending one with
    /// this digest, else a new pending version; the collection and the type are created on demand.
    /// </summary>
    [Alias("CreateVersion")]
    Task<ArtifactVersion> CreateVersionAsync(NewArtifactVersion request);

    /// <summary>
    /// Commits a pending version: next version index, <c>latest</c> and the requested aliases move to it, file
    /// count and size from its manifest. Committing a committed version changes nothing (client retries).
    /// </summary>
    [Alias("Commit")]
    Task<ArtifactVersion> CommitAsync(long artifactId);

    /// <summary>Attaches aliases to a committed version (moving them from other versions) and removes others.</summary>
    [Alias("ChangeAliases")]
    Task<ArtifactVersion> ChangeAliasesAsync(long artifactId, IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>Changes a version's description, metadata or TTL (only the fields the edit sets).</summary>
    [Alias("Edit")]
    Task<ArtifactVersion> EditAsync(long artifactId, ArtifactEdit edit);

    /// <summary>
    /// Deletes a version and frees the stored contents nothing else references before returning. A version with
    /// user aliases is only deleted when <paramref name="deleteAliases"/> is true; <c>latest</c> moves back.
    /// </summary>
    [Alias("DeleteVersion")]
    Task<ArtifactDeletion> DeleteVersionAsync(long artifactId, bool deleteAliases);

    /// <summary>
    /// Renames the collection, changes its description or moves it to another type (created on demand); the name must
    /// be free in the project. Returns the collection as it is now.
    /// </summary>
    [Alias("Update")]
    Task<ArtifactCollectionInfo> UpdateAsync(ArtifactCollectionEdit edit);

    /// <summary>Adds and removes tags of the collection (idempotent); returns its tags, sorted.</summary>
    [Alias("ChangeTags")]
    Task<IReadOnlyList<string>> ChangeTagsAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>
    /// Links a version (committed, or still uploading) of any sequence into this portfolio, created on demand for the version's type: a new
    /// link takes the next version index and <c>latest</c>, linking again keeps the index; the aliases move to it
    /// within the portfolio. Nothing of the version is copied. Throws <see cref="ArgumentException"/> when this
    /// collection is a sequence, the version is deleted, or its type is not the portfolio's.
    /// </summary>
    [Alias("Link")]
    Task<ArtifactLink> LinkAsync(long artifactId, IReadOnlyList<string> aliases, long userId);

    /// <summary>Removes a version's link from this portfolio with its aliases; false when it was not linked.</summary>
    [Alias("Unlink")]
    Task<bool> UnlinkAsync(long artifactId);

    /// <summary>Attaches aliases to a linked version within this portfolio (moving them from other links) and removes others.</summary>
    [Alias("ChangeLinkAliases")]
    Task<ArtifactLink> ChangeLinkAliasesAsync(long artifactId, IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>Deletes the collection with all its versions, freeing unreferenced contents before returning.</summary>
    [Alias("Delete")]
    Task<ArtifactDeletion> DeleteAsync();
}
