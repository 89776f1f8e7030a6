using GraphQL;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Wandb.Contracts.Artifacts;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Web.Artifacts;
using Orleans.Wandb.Web.GraphQL.Execution;
using Orleans.Wandb.Web.GraphQL.Model;

namespace Orleans.Wandb.Web.GraphQL.Resolvers;

/// <summary>
/// The artifact save flow (docs/protocol/artifacts.md#save-flow) and the artifact write mutations. Only users who may write the
/// artifact's entity create, upload, commit, alias or delete (403 otherwise); ordering within a collection is the
/// collection grain's, the rest goes through the registry grain.
/// </summary>
internal static class ArtifactMutationResolvers
{
    private const string DefaultManifestName = "wandb_manifest.json";

    public static void Register(TypeSettings types)
    {
        types.For("Mutation")
            .ResolveAsync("createArtifactType", CreateArtifactTypeAsync)
            .ResolveAsync("createArtifact", CreateArtifactAsync)
            .ResolveAsync("createArtifactManifest", CreateArtifactManifestAsync)
            .ResolveAsync("updateArtifactManifest", UpdateArtifactManifestAsync)
            .ResolveAsync("createArtifactFiles", CreateArtifactFilesAsync)
            .ResolveAsync("commitArtifact", CommitArtifactAsync)
            .ResolveAsync("useArtifact", UseArtifactAsync)
            .ResolveAsync("addAliases", context => ChangeAliasesAsync(context, add: true))
            .ResolveAsync("deleteAliases", context => ChangeAliasesAsync(context, add: false))
            .ResolveAsync("deleteArtifact", DeleteArtifactAsync)
            .ResolveAsync("deleteArtifactSequence", DeleteArtifactSequenceAsync)
            .ResolveAsync("completeMultipartUploadArtifact", CompleteMultipartUploadArtifactAsync)
            .ResolveAsync("updateArtifact", UpdateArtifactAsync);
    }

    private static async Task<object?> CreateArtifactTypeAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var (entity, project) = await WritableProjectAsync(wandb, input);
        var name = input.String("name");
        Access.EnsureValidName(name, "artifact type");
        var type = await ArtifactAccess.Registry(wandb).EnsureTypeAsync(entity, project, name!, input.String("description"));
        return new ArtifactTypePayload(ArtifactTypeNode.Of(type), input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>COMMITTED</c> when an identical version exists (the client then uploads nothing), else the pending version to
    /// upload into; <c>artifactSequence.latestArtifact</c> is the newest committed version or null.
    /// </summary>
    private static async Task<object?> CreateArtifactAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var (entity, project) = await WritableProjectAsync(wandb, input);
        var collection = input.String("artifactCollectionName") is { Length: > 0 } single ? single : input.Strings("artifactCollectionNames")?.FirstOrDefault();
        Access.EnsureValidName(collection, "artifact collection");
        var typeName = input.String("artifactTypeName");
        Access.EnsureValidName(typeName, "artifact type");
        var digest = input.String("digest");
        if (string.IsNullOrEmpty(digest))
        {
            throw new WandbRequestError("createArtifact needs the artifact's digest.");
        }

        var runName = input.String("runName") is { Length: > 0 } run ? run : null;
        if (runName is not null)
        {
            Access.EnsureValidName(runName, "run");
        }

        await wandb.Grains.GetGrain<IProjectGrain>(ProjectKey.From(entity, project)).EnsureAsync(wandb.User.Id);
        var request = new NewArtifactVersion
        {
            TypeName = typeName!,
            Digest = digest,
            RunName = runName,
            Description = input.String("description"),
            Metadata = input.String("metadata"),
            Aliases = AliasesFor(input, collection!),
            HistoryStep = Long(input, "historyStep"),
            ClientId = input.String("clientID"),
            SequenceClientId = input.String("sequenceClientID"),
            TtlDurationSeconds = Long(input, "ttlDurationSeconds"),
            UserId = wandb.User.Id,
            DistributedId = input.String("distributedID") is { Length: > 0 } distributed ? distributed : null,
        };
        var version = await ArtifactAccess.Collection(wandb, entity, project, collection!).CreateVersionAsync(request);
        return new ArtifactPayload(new ArtifactNode(version), input.String("clientMutationId"));
    }

    /// <summary>An upsert on (version, name): the client calls it before the uploads and again with the manifest's digest.</summary>
    private static async Task<object?> CreateArtifactManifestAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.GetWritableAsync(wandb, input.String("artifactID"));
        EnsurePending(version);
        var name = input.String("name") is { Length: > 0 } given ? given : DefaultManifestName;
        string kind;
        try
        {
            kind = ArtifactManifestKinds.Parse(input.TryGetValue("type", out var type) ? type?.ToString() : null);
        }
        catch (ArgumentException e)
        {
            throw new WandbRequestError(e.Message);
        }

        // Only an incremental manifest builds on its base; Py16 sends the collection's latest as base for every kind.
        var baseId = kind == ArtifactManifestKinds.Incremental ? await IncrementalBaseAsync(wandb, version, input.String("baseArtifactID")) : null;
        var manifest = await ArtifactAccess.Registry(wandb).UpsertManifestAsync(version.Id, name, input.String("digest"), kind, baseId);
        return ManifestPayload(wandb, manifest, version, input);
    }

    /// <summary>
    /// The committed version of the same collection an incremental manifest lays its files over (the client sends the
    /// collection's latest), or null for the collection's first version. Another collection's version is refused: its
    /// files would be copied into this one without the caller ever uploading them here.
    /// </summary>
    private static async Task<long?> IncrementalBaseAsync(WandbGraphQLContext wandb, ArtifactVersion version, string? baseArtifactId)
    {
        if (string.IsNullOrEmpty(baseArtifactId))
        {
            return null;
        }

        var found = await ArtifactAccess.FindReadableAsync(wandb, baseArtifactId);
        if (found is null || found.CollectionId != version.CollectionId || found.State != ArtifactStates.Committed)
        {
            throw new WandbRequestError(
                $"Base artifact \"{baseArtifactId}\" is not a committed version of the collection \"{version.Collection}\".");
        }

        return found.Id;
    }

    private static async Task<object?> UpdateArtifactManifestAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var registry = ArtifactAccess.Registry(wandb);
        var manifest = RelayIds.TryDecodeNumber(input.String("artifactManifestID"), ArtifactIds.ManifestType, out var manifestId)
            ? await registry.GetManifestAsync(manifestId)
            : null;
        if (manifest is null)
        {
            throw WandbRequestError.NotFound($"Artifact manifest '{input.String("artifactManifestID")}' was not found.");
        }

        var version = await ArtifactAccess.GetWritableAsync(wandb, ArtifactIds.Artifact(manifest.ArtifactId));
        EnsurePending(version);
        var updated = await registry.UpdateManifestAsync(manifest.Id, input.String("digest")) ?? manifest;
        return ManifestPayload(wandb, updated, version, input);
    }

    /// <summary>
    /// One file per spec, in request order with <c>displayName</c> = the requested name; <c>uploadUrl</c> is null when
    /// the version's project holds the content already, and <c>artifact</c> is the project's version that first stored it
    /// (its birth artifact). Deduplication never looks beyond the project: content only others hold is new here, so the
    /// answer reveals nothing the caller may not read (the registry grain decides, in one call per version). A spec with
    /// <c>uploadPartsInput</c> for content not held yet also gets one signed PUT URL per part.
    /// </summary>
    private static async Task<object?> CreateArtifactFilesAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var specs = (input.TryGetValue("artifactFiles", out var list) && list is IEnumerable<object?> items ? items : [])
            .OfType<IDictionary<string, object?>>()
            .Select(spec => (ArtifactId: spec.String("artifactID"), Name: spec.String("name"), Md5: spec.String("md5"),
                Parts: UploadParts(spec.TryGetValue("uploadPartsInput", out var parts) ? parts : null)))
            .ToList();
        foreach (var spec in specs)
        {
            if (MultipartUploads.CheckPlan(spec.Parts) is { } problem)
            {
                throw new WandbRequestError($"Artifact file '{spec.Name}': {problem}");
            }
        }

        var prepared = new Dictionary<string, (PreparedFiles Files, Dictionary<string, BlobStatus> ByMd5)>(StringComparer.Ordinal);
        foreach (var group in specs.GroupBy(spec => spec.ArtifactId ?? ""))
        {
            var version = await ArtifactAccess.GetWritableAsync(wandb, group.Key);
            EnsurePending(version);
            var files = await ArtifactAccess.Registry(wandb).PrepareFilesAsync(version.Id, group.Select(spec => Md5HexOf(spec.Name, spec.Md5)).ToList());
            var byMd5 = new Dictionary<string, BlobStatus>(StringComparer.Ordinal);
            foreach (var status in files.Statuses)
            {
                byMd5[status.Md5Hex] = status;
            }

            prepared[group.Key] = (files, byMd5);
        }

        var nodes = specs.Select(spec =>
        {
            var (files, byMd5) = prepared[spec.ArtifactId ?? ""];
            var version = files.Version;
            var md5Hex = Md5HexOf(spec.Name, spec.Md5);
            var status = byMd5[md5Hex];
            var birth = files.Births.FirstOrDefault(b => b.Id == status.BirthArtifactId) ?? version;
            return new ArtifactFileNode(
                ArtifactIds.File(version.Id, spec.Name!), spec.Name!, ArtifactObjects.BlobKey(md5Hex),
                status.Stored ? null : wandb.ArtifactUrls.ContentUploadKey(version.Id, md5Hex), null, spec.Md5, spec.Md5,
                null, new ArtifactNode(birth))
            {
                UploadHeaders = wandb.ArtifactUrls.UploadHeaders,

                // A blob store takes the whole file at its uploadUrl (the clients' Azure SDK path uploads it in blocks).
                UploadMultipartUrls = status.Stored || spec.Parts.Count == 0 || wandb.ArtifactUrls.IsDirect ? null : PartUrls(wandb, version, md5Hex, spec.Parts),
            };
        }).ToList();
        return new ArtifactFilesPayload(Connection<ArtifactFileNode>.All(nodes, node => node.Name), input.String("clientMutationId"));
    }

    /// <summary>
    /// Joins the uploaded parts into the file's content (<see cref="MultipartUploads"/>) and answers its digest; completing
    /// content that is stored already (a retry) answers the same digest.
    /// </summary>
    private static async Task<object?> CompleteMultipartUploadArtifactAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.GetWritableAsync(wandb, input.String("artifactID"));
        if (input.TryGetValue("completeMultipartAction", out var action) && action?.ToString() is { } name && name != "Complete")
        {
            throw new WandbRequestError($"completeMultipartAction {name} is not supported; only Complete is.");
        }

        var storagePath = input.String("storagePath");
        var md5Hex = ArtifactObjects.Md5OfBlobKey(storagePath ?? "")
                     ?? throw new WandbRequestError($"'{storagePath}' is not the storagePath createArtifactFiles answered for a file.");
        var uploadId = input.String("uploadID");
        if (!ArtifactObjects.IsMd5Hex(uploadId))
        {
            throw new WandbRequestError($"'{uploadId}' is not an uploadID createArtifactFiles answered.");
        }

        if (wandb.ArtifactUrls.IsDirect)
        {
            throw new WandbRequestError(
                $"Multipart upload {uploadId} cannot be completed: this server hands out no part URLs; files go whole to their uploadUrl.", 400);
        }

        var parts = UploadParts(input.TryGetValue("completedParts", out var completed) ? completed : null);
        var store = wandb.Http.RequestServices.GetRequiredService<IFileStore>();
        if (await MultipartUploads.CompleteAsync(store, ArtifactAccess.Registry(wandb), version, md5Hex, uploadId!, parts, wandb.Http.RequestAborted) is { } problem)
        {
            throw new WandbRequestError($"Multipart upload {uploadId} cannot be completed. {problem}");
        }

        return new CompleteMultipartUploadArtifactPayload(Convert.ToBase64String(Convert.FromHexString(md5Hex)), input.String("clientMutationId"));
    }

    private static async Task<object?> CommitArtifactAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.GetWritableAsync(wandb, input.String("artifactID"));
        try
        {
            var committed = await ArtifactAccess.Collection(wandb, version.Entity, version.Project, version.Collection).CommitAsync(version.Id);
            return new ArtifactPayload(new ArtifactNode(committed), input.String("clientMutationId"));
        }
        catch (UploadMismatchException e)
        {
            // Checked only now when the bytes went straight to the blob store; final, so not a 5xx the client retries.
            throw new WandbRequestError(e.Message, 400);
        }
    }

    /// <summary>Records lineage: the run (which the caller must be able to write) used the version (which it must be able to read).</summary>
    private static async Task<object?> UseArtifactAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.FindReadableAsync(wandb, input.String("artifactID"))
                      ?? throw new WandbRequestError($"Artifact '{input.String("artifactID")}' was not found.");
        if (input.String("runName") is { Length: > 0 } runName)
        {
            var (entity, project) = await WritableProjectAsync(wandb, input);
            Access.EnsureValidName(runName, "run");
            await ArtifactAccess.Registry(wandb).RecordUseAsync(entity, project, runName, version.Id, input.String("usedAs"));
        }

        return new ArtifactPayload(new ArtifactNode(version), input.String("clientMutationId"));
    }

    private static async Task<object?> ChangeAliasesAsync(IResolveFieldContext context, bool add)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.GetWritableAsync(wandb, input.String("artifactID"));
        var aliases = AliasInputs(input).Select(alias => alias.Alias).ToList();
        var grain = ArtifactAccess.Collection(wandb, version.Entity, version.Project, version.Collection);
        await grain.ChangeAliasesAsync(version.Id, add ? aliases : [], add ? [] : aliases);
        return new SuccessPayload(true, input.String("clientMutationId"));
    }

    /// <summary>
    /// <c>artifact.save()</c> on a logged version (wandb v0.28.2 wandb/sdk/artifacts/artifact.py:Artifact._update): the
    /// fields present in the input change (a null description clears it), <c>aliases</c> (0.16-era clients) replaces
    /// the version's user aliases. Tag edits are refused until artifact tags are stored.
    /// </summary>
    private static async Task<object?> UpdateArtifactAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.GetWritableAsync(wandb, input.String("artifactID"));
        if (TagInputs(input, "tagsToAdd").Concat(TagInputs(input, "tagsToDelete")).Any())
        {
            throw new WandbRequestError("Artifact tags are not stored by this server yet; save the artifact without tag changes.");
        }

        var edit = new ArtifactEdit
        {
            SetDescription = input.ContainsKey("description"),
            Description = input.String("description"),
            SetMetadata = input.ContainsKey("metadata"),
            Metadata = input.String("metadata"),
            SetTtl = input.ContainsKey("ttlDurationSeconds"),
            TtlDurationSeconds = Long(input, "ttlDurationSeconds"),
        };
        if (edit.Problem() is { } problem)
        {
            throw new WandbRequestError(problem);
        }

        var grain = ArtifactAccess.Collection(wandb, version.Entity, version.Project, version.Collection);
        if (input.TryGetValue("aliases", out var aliases) && aliases is not null)
        {
            var wanted = AliasInputs(input)
                .Where(alias => alias.Collection is null || alias.Collection == version.Collection)
                .Select(alias => alias.Alias)
                .ToList();
            var dropped = version.Aliases.Where(alias => alias != ArtifactAccess.DefaultSelector && !wanted.Contains(alias)).ToList();
            await grain.ChangeAliasesAsync(version.Id, wanted, dropped);
        }

        var edited = await grain.EditAsync(version.Id, edit);
        return new ArtifactPayload(new ArtifactNode(edited), input.String("clientMutationId"));
    }

    private static IEnumerable<object?> TagInputs(IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) && value is IEnumerable<object?> items ? items : [];

    private static async Task<object?> DeleteArtifactAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var version = await ArtifactAccess.GetWritableAsync(wandb, input.String("artifactID"));
        await ArtifactAccess.Collection(wandb, version.Entity, version.Project, version.Collection)
            .DeleteVersionAsync(version.Id, input.Bool("deleteAliases") ?? false);
        return new ArtifactPayload(new ArtifactNode(version with { State = ArtifactStates.Deleted }), input.String("clientMutationId"));
    }

    private static async Task<object?> DeleteArtifactSequenceAsync(IResolveFieldContext context)
    {
        var wandb = context.Wandb();
        var input = context.Input();
        var id = input.String("artifactSequenceID");
        var collection = RelayIds.TryDecodeNumber(id, ArtifactIds.CollectionType, out var collectionId)
            ? await ArtifactAccess.Registry(wandb).GetCollectionByIdAsync(collectionId)
            : null;
        if (collection is null || !await wandb.CanReadAsync(collection.Entity, collection.Project))
        {
            throw new WandbRequestError($"Artifact collection '{id}' was not found.");
        }

        await Access.EnsureCanWriteAsync(wandb, collection.Entity, collection.Project);
        await ArtifactAccess.Collection(wandb, collection.Entity, collection.Project, collection.Name).DeleteAsync();
        return new ArtifactCollectionPayload(ArtifactCollectionNode.Of(collection) with { State = ArtifactStates.Deleted }, input.String("clientMutationId"));
    }

    private static ArtifactManifestPayload ManifestPayload(
        WandbGraphQLContext wandb, ArtifactManifestInfo manifest, ArtifactVersion version, IDictionary<string, object?> input)
    {
        var file = ArtifactResolvers.ManifestFile(manifest.Id, wandb.ArtifactUrls.ManifestUploadKey(version.Id, manifest.Id), new ArtifactNode(version))
            with { UploadHeaders = wandb.ArtifactUrls.UploadHeaders };
        return new(new ArtifactManifestNode(manifest.Id, file), input.String("clientMutationId"));
    }

    private static async Task<(string Entity, string Project)> WritableProjectAsync(WandbGraphQLContext wandb, IDictionary<string, object?> input)
    {
        var entity = Access.EntityOrDefault(wandb, input.String("entityName"));
        var project = Access.ProjectOrDefault(input.String("projectName"));
        Access.EnsureValidName(entity, "entity");
        Access.EnsureValidName(project, "project");
        await Access.EnsureCanWriteAsync(wandb, entity, project);

        // An instance admin may write to every team-visible project, including ones of entities that do not exist:
        // nothing may be created there (an artifact type or version of nobody would answer an id for nothing).
        if (!await wandb.Directory.EntityExistsAsync(entity))
        {
            throw new WandbRequestError($"Entity '{entity}' was not found.", 404);
        }

        return (entity, project);
    }

    /// <summary>Uploads and manifests only go into pending versions; a committed version's content never changes.</summary>
    private static void EnsurePending(ArtifactVersion version)
    {
        if (version.State != ArtifactStates.Pending)
        {
            throw new WandbRequestError($"Artifact {ArtifactIds.Artifact(version.Id)} is {version.State}; only pending artifacts take files.");
        }
    }

    private static string Md5HexOf(string? name, string? md5Base64)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new WandbRequestError("Every artifact file spec needs a name.");
        }

        return ArtifactObjects.Md5HexOfBase64(md5Base64)
               ?? throw new WandbRequestError($"Artifact file '{name}' has no valid base64 MD5 ('{md5Base64}').");
    }

    /// <summary>
    /// <c>UploadPartsInput</c>s in part order; <c>hexMD5</c> may be an ETag as the part PUT answered it (quoted, as S3's are).
    /// </summary>
    private static IReadOnlyList<UploadPart> UploadParts(object? value) =>
        (value is IEnumerable<object?> items ? items : [])
        .OfType<IDictionary<string, object?>>()
        .Select(part =>
        {
            var number = Long(part, "partNumber") ?? throw new WandbRequestError("Every upload part needs a partNumber.");
            var md5Hex = part.String("hexMD5")?.Trim('"').ToLowerInvariant();
            return ArtifactObjects.IsMd5Hex(md5Hex)
                ? new UploadPart(number, md5Hex!)
                : throw new WandbRequestError($"Upload part {number} has no valid hex MD5 ('{part.String("hexMD5")}').");
        })
        .OrderBy(part => part.PartNumber)
        .ToList();

    private static UploadMultipartUrlsNode PartUrls(WandbGraphQLContext wandb, ArtifactVersion version, string md5Hex, IReadOnlyList<UploadPart> parts)
    {
        var uploadId = ArtifactObjects.UploadId(md5Hex, parts);
        return new UploadMultipartUrlsNode(
            uploadId,
            parts.Select(part => new UploadUrlPartNode(
                part.PartNumber, wandb.ArtifactUrls.UploadUrl(wandb.Http, ArtifactObjects.PartKey(uploadId, part), version))).ToList());
    }

    /// <summary>The requested aliases that belong to this collection (inputs may name several collections).</summary>
    private static IReadOnlyList<string> AliasesFor(IDictionary<string, object?> input, string collection) =>
        AliasInputs(input)
            .Where(alias => alias.Collection is null || alias.Collection == collection)
            .Select(alias => alias.Alias)
            .ToList();

    private static IEnumerable<(string Alias, string? Collection)> AliasInputs(IDictionary<string, object?> input) =>
        (input.TryGetValue("aliases", out var value) && value is IEnumerable<object?> items ? items : [])
        .OfType<IDictionary<string, object?>>()
        .Where(alias => alias.String("alias") is { Length: > 0 })
        .Select(alias => (alias.String("alias")!, alias.String("artifactCollectionName")));

    private static long? Long(IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? value switch
        {
            long n => n,
            int n => n,
            _ => null,
        } : null;
}
