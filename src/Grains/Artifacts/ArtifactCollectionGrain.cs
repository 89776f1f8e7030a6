using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Storage;
using Orleans.Wandb.Grains.Storage.Records;

namespace Orleans.Wandb.Grains.Artifacts;

/// <summary>
/// The ordering point of one artifact collection (key <see cref="ArtifactCollectionKey"/>): dedup by digest, version
/// numbers, <c>latest</c> and alias moves, deletions. It keeps no state of its own (the store has it); being one
/// non-reentrant activation per collection is what makes "next version index" and alias moves race-free.
/// </summary>
internal sealed partial class ArtifactCollectionGrain(
    IArtifactStore store,
    IFileStore files,
    ArtifactUploads uploads,
    [FromKeyedServices(ServiceKeys.Clock)] TimeProvider clock,
    ILogger<ArtifactCollectionGrain> logger) : Grain, IArtifactCollectionGrain
{
    private (string Entity, string Project, string Collection) CollectionNames => ArtifactCollectionKey.Parse(this.GetPrimaryKeyString());

    /// <inheritdoc />
    public async Task<ArtifactVersion> CreateVersionAsync(NewArtifactVersion request)
    {
        var aliases = ArtifactAliases.Validate(request.Aliases);
        var (entity, project, name) = CollectionNames;
        var now = clock.GetUtcNow();
        await store.EnsureTypeAsync(entity, project, request.TypeName, null, now);
        var collection = await store.EnsureCollectionAsync(entity, project, name, request.TypeName, request.SequenceClientId, now);
        if (collection.IsPortfolio)
        {
            throw new ArgumentException($"'{name}' is a portfolio of linked artifacts; log to another name and link the version here.");
        }

        if (!string.Equals(collection.TypeName, request.TypeName, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Artifact collection '{name}' holds artifacts of type '{collection.TypeName}', not '{request.TypeName}'.");
        }

        // The writers of a distributed version share it, whatever digest each announces (each has its own part).
        if (request.DistributedId is { Length: > 0 } distributedId)
        {
            if (await store.FindByDistributedIdAsync(collection.Id, distributedId) is { } shared)
            {
                return shared;
            }

            var created = await store.InsertVersionAsync(collection.Id, request with { Aliases = aliases }, now);
            LogVersionCreated(logger, this.GetPrimaryKeyString(), created);
            return (await store.GetVersionAsync(created))!;
        }

        // Identical content already committed: the client skips every upload, so the requested aliases apply now.
        if (await store.FindByDigestAsync(collection.Id, request.Digest, ArtifactStates.Committed) is { } committed)
        {
            if (aliases.Count > 0)
            {
                await store.SetAliasesAsync(collection.Id, committed.Id, aliases, [], now);
            }

            return (await store.GetVersionAsync(committed.Id))!;
        }

        // A retried create (or a second process logging the same content) continues the same pending version.
        if (await store.FindByDigestAsync(collection.Id, request.Digest, ArtifactStates.Pending) is { } pending)
        {
            return pending;
        }

        var id = await store.InsertVersionAsync(collection.Id, request with { Aliases = aliases }, now);
        LogVersionCreated(logger, this.GetPrimaryKeyString(), id);
        return (await store.GetVersionAsync(id))!;
    }

    /// <inheritdoc />
    public async Task<ArtifactVersion> CommitAsync(long artifactId)
    {
        var version = await GetOwnVersionAsync(artifactId);
        if (version.State == ArtifactStates.Committed)
        {
            return version;
        }

        // Bytes uploaded straight to the blob store are checked and registered now (the manifest sets ManifestId).
        if (await uploads.CollectAsync(artifactId))
        {
            version = await GetOwnVersionAsync(artifactId);
        }

        if (version.ManifestId is null)
        {
            throw new ArgumentException($"Artifact {artifactId} cannot be committed before its manifest is uploaded.");
        }

        if (await store.CountMissingContentsAsync(artifactId) is > 0 and var missing)
        {
            throw new ArgumentException($"Artifact {artifactId} cannot be committed: {missing} of its files were not uploaded.");
        }

        var now = clock.GetUtcNow();
        var digest = await ManifestMerge.WriteFullManifestAsync(store, files, version, now);
        if (await store.CommitVersionAsync(artifactId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), digest, now))
        {
            var aliases = (await store.GetRequestedAliasesAsync(artifactId)).Append(ArtifactAliases.Latest).Distinct(StringComparer.Ordinal).ToList();
            await store.SetAliasesAsync(version.CollectionId, artifactId, aliases, [], now);
        }

        await uploads.ForgetAsync(artifactId);

        var committed = (await store.GetVersionAsync(artifactId))!;
        LogVersionCommitted(logger, this.GetPrimaryKeyString(), artifactId, committed.VersionIndex ?? -1);
        return committed;
    }

    /// <inheritdoc />
    public async Task<ArtifactVersion> ChangeAliasesAsync(long artifactId, IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        var version = await GetOwnVersionAsync(artifactId);
        if (version.State != ArtifactStates.Committed)
        {
            throw new ArgumentException($"Artifact {artifactId} is not committed; aliases are attached at commit.");
        }

        await store.SetAliasesAsync(version.CollectionId, artifactId, ArtifactAliases.Validate(add), ArtifactAliases.Validate(remove), clock.GetUtcNow());
        return (await store.GetVersionAsync(artifactId))!;
    }

    /// <inheritdoc />
    public async Task<ArtifactVersion> EditAsync(long artifactId, ArtifactEdit edit)
    {
        if (edit.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        await GetOwnVersionAsync(artifactId);
        await store.EditVersionAsync(artifactId, edit, clock.GetUtcNow());
        return (await store.GetVersionAsync(artifactId))!;
    }

    /// <inheritdoc />
    public async Task<ArtifactDeletion> DeleteVersionAsync(long artifactId, bool deleteAliases)
    {
        var version = await GetOwnVersionAsync(artifactId);
        var userAliases = version.Aliases.Where(alias => alias != ArtifactAliases.Latest).ToList();
        if (userAliases.Count > 0 && !deleteAliases)
        {
            throw new ArgumentException(
                $"Artifact {artifactId} has aliases ({string.Join(", ", userAliases)}); delete it with its aliases or remove them first.");
        }

        var deletion = await FreeAsync(await store.DeleteVersionsAsync(version.CollectionId, [artifactId]));
        await uploads.ForgetAsync(artifactId);
        return deletion;
    }

    /// <inheritdoc />
    public async Task<ArtifactCollectionInfo> UpdateAsync(ArtifactCollectionEdit edit)
    {
        var collection = await GetOwnCollectionAsync();
        var name = edit.Name ?? collection.Name;
        var typeName = edit.TypeName ?? collection.TypeName;
        Names.EnsureValid(name, "artifact collection");
        Names.EnsureValid(typeName, "artifact type");
        if (edit.Description is { Length: > ArtifactCollectionLimits.MaxDescriptionLength })
        {
            throw new ArgumentException($"A collection's description holds at most {ArtifactCollectionLimits.MaxDescriptionLength} characters.");
        }

        if (!string.Equals(typeName, collection.TypeName, StringComparison.Ordinal))
        {
            await store.EnsureTypeAsync(collection.Entity, collection.Project, typeName, null, clock.GetUtcNow());
        }

        // W&B's words for a taken name, with the name in double quotes as the clients print it.
        if (!await store.UpdateCollectionAsync(collection.Id, name, edit.Description ?? collection.Description, typeName))
        {
            throw new ArgumentException($"An artifact collection named \"{name}\" already exists in project \"{collection.Project}\".");
        }

        LogCollectionUpdated(logger, this.GetPrimaryKeyString(), name, typeName);
        return (await store.GetCollectionByIdAsync(collection.Id))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ChangeTagsAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        var collection = await GetOwnCollectionAsync();
        return await store.ChangeCollectionTagsAsync(collection.Id, ValidTags(add), ValidTags(remove), clock.GetUtcNow());
    }

    /// <inheritdoc />
    public async Task<ArtifactLink> LinkAsync(long artifactId, IReadOnlyList<string> aliases, long userId)
    {
        if (aliases.Count > ArtifactLinkLimits.MaxAliasesPerLink)
        {
            throw new ArgumentException($"At most {ArtifactLinkLimits.MaxAliasesPerLink} aliases can be given with one link.");
        }

        var valid = ArtifactAliases.Validate(aliases);
        var version = await store.GetVersionAsync(artifactId) ?? throw new ArgumentException($"Artifact {artifactId} does not exist.");
        // A version still uploading may be linked (Py16 links right after logging); the portfolio shows it once committed.
        if (version.State == ArtifactStates.Deleted)
        {
            throw new ArgumentException($"Artifact {artifactId} is deleted; it cannot be linked.");
        }

        var (entity, project, name) = CollectionNames;
        var now = clock.GetUtcNow();
        await store.EnsureTypeAsync(entity, project, version.TypeName, null, now);
        var portfolio = await store.EnsurePortfolioAsync(entity, project, name, version.TypeName, now);
        if (!portfolio.IsPortfolio)
        {
            throw new ArgumentException(
                $"'{name}' in {entity}/{project} holds logged versions; link into a portfolio (a collection of linked artifacts) of another name.");
        }

        if (!string.Equals(portfolio.TypeName, version.TypeName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Portfolio '{name}' links artifacts of type '{portfolio.TypeName}', not '{version.TypeName}'.");
        }

        if (await store.GetLinkAsync(portfolio.Id, artifactId) is null
            && await store.CountLinksAsync(portfolio.Id) >= ArtifactLinkLimits.MaxLinksPerPortfolio)
        {
            throw new ArgumentException($"A portfolio holds at most {ArtifactLinkLimits.MaxLinksPerPortfolio} links.");
        }

        var link = await store.LinkAsync(portfolio.Id, artifactId, valid, userId, now);
        LogLinked(logger, this.GetPrimaryKeyString(), artifactId, link.VersionIndex);
        return link;
    }

    /// <inheritdoc />
    public async Task<bool> UnlinkAsync(long artifactId)
    {
        var (entity, project, name) = CollectionNames;
        var portfolio = await store.GetCollectionAsync(entity, project, name);
        if (portfolio is not { IsPortfolio: true })
        {
            throw new ArgumentException($"'{name}' is not a portfolio of linked artifacts in {entity}/{project}.");
        }

        var removed = await store.UnlinkAsync(portfolio.Id, artifactId);
        if (removed)
        {
            LogUnlinked(logger, this.GetPrimaryKeyString(), artifactId);
        }

        return removed;
    }

    /// <inheritdoc />
    public async Task<ArtifactLink> ChangeLinkAliasesAsync(long artifactId, IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        var (entity, project, name) = CollectionNames;
        var portfolio = await store.GetCollectionAsync(entity, project, name);
        if (portfolio is not { IsPortfolio: true } || await store.GetLinkAsync(portfolio.Id, artifactId) is null)
        {
            throw new ArgumentException($"Artifact {artifactId} is not linked into '{name}' in {entity}/{project}.");
        }

        var now = clock.GetUtcNow();
        await store.SetAliasesAsync(portfolio.Id, artifactId, ArtifactAliases.Validate(add), ArtifactAliases.Validate(remove), now);
        return (await store.GetLinkAsync(portfolio.Id, artifactId))!;
    }

    private static List<string> ValidTags(IReadOnlyList<string> tags)
    {
        if (tags.Count > ArtifactCollectionLimits.MaxTagsPerCall)
        {
            throw new ArgumentException($"At most {ArtifactCollectionLimits.MaxTagsPerCall} tags can be changed at once.");
        }

        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Length > ArtifactCollectionLimits.MaxTagLength || tag.Any(char.IsControl))
            {
                throw new ArgumentException($"Invalid tag \"{tag}\": use 1-{ArtifactCollectionLimits.MaxTagLength} printable characters.");
            }
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<ArtifactCollectionInfo> GetOwnCollectionAsync()
    {
        var (entity, project, name) = CollectionNames;
        return await store.GetCollectionAsync(entity, project, name)
               ?? throw new ArgumentException($"Artifact collection \"{name}\" was not found in project \"{project}\".");
    }

    /// <inheritdoc />
    public async Task<ArtifactDeletion> DeleteAsync()
    {
        var (entity, project, name) = CollectionNames;
        var collection = await store.GetCollectionAsync(entity, project, name);
        return collection is null ? new ArtifactDeletion(0, 0, 0) : await FreeAsync(await store.DeleteVersionsAsync(collection.Id, null));
    }

    /// <summary>
    /// Deletes the bytes the store released. The rows are gone first, so a crash here leaves only unreferenced
    /// bytes behind, never a reference to missing bytes.
    /// </summary>
    private async Task<ArtifactDeletion> FreeAsync(FreedObjects freed)
    {
        foreach (var key in freed.ObjectKeys)
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }

        LogDeleted(logger, this.GetPrimaryKeyString(), freed.Versions, freed.ObjectKeys.Count, freed.Bytes);
        return new ArtifactDeletion(freed.Versions, freed.ObjectKeys.Count, freed.Bytes);
    }

    private async Task<ArtifactVersion> GetOwnVersionAsync(long artifactId)
    {
        var (entity, project, name) = CollectionNames;
        var version = await store.GetVersionAsync(artifactId);
        if (version is null || version.Entity != entity || version.Project != project || version.Collection != name)
        {
            throw new ArgumentException($"Artifact {artifactId} does not exist in {this.GetPrimaryKeyString()}.");
        }

        return version;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Artifact collection {CollectionKey}: created pending version {ArtifactId}")]
    private static partial void LogVersionCreated(ILogger logger, string collectionKey, long artifactId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact collection {CollectionKey}: committed version {ArtifactId} as v{VersionIndex}")]
    private static partial void LogVersionCommitted(ILogger logger, string collectionKey, long artifactId, long versionIndex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact collection {CollectionKey}: now named {Name}, of type {TypeName}")]
    private static partial void LogCollectionUpdated(ILogger logger, string collectionKey, string name, string typeName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portfolio {CollectionKey}: linked artifact {ArtifactId} as v{VersionIndex}")]
    private static partial void LogLinked(ILogger logger, string collectionKey, long artifactId, long versionIndex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portfolio {CollectionKey}: unlinked artifact {ArtifactId}")]
    private static partial void LogUnlinked(ILogger logger, string collectionKey, long artifactId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact collection {CollectionKey}: deleted {Versions} versions, freed {Objects} objects ({Bytes} bytes)")]
    private static partial void LogDeleted(ILogger logger, string collectionKey, int versions, int objects, long bytes);
}
