using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// Logs and reads artifacts over the HTTP API the way the newest Python client does (docs/protocol/artifacts.md): the same
/// documents, digests and manifest, and PUTs (with the answered <c>uploadHeaders</c>) and GETs to the URLs the server
/// hands out: in-process when they point at the server, over the network when they point elsewhere (the blob store).
/// </summary>
public sealed class ArtifactClient(WandbClient client, string entity, string project)
{
    private const string VersionFields = """
        id state versionIndex digest size fileCount commitHash description metadata ttlDurationSeconds ttlIsInherited
        artifactType { name } artifactSequence { id name project { entityName name } }
        aliases { id alias artifactCollection { name project { entityName name } } }
        currentManifest { file { directUrl } }
        """;

    public WandbClient Client => client;

    /// <summary>The project this client logs into.</summary>
    public string Project => project;

    /// <summary>The whole save flow; stops after <c>createArtifact</c> when the server answers COMMITTED (dedup).</summary>
    public async Task<LoggedArtifact> LogAsync(
        string collection, IReadOnlyList<ArtifactFileSource> files, string? run = null, IReadOnlyList<string>? aliases = null, string type = "dataset",
        string? clientId = null, string? sequenceClientId = null)
    {
        var created = await CreateArtifactAsync(collection, type, Digest(files), run, aliases ?? ["latest"], clientId: clientId, sequenceClientId: sequenceClientId);
        var id = created["id"]!.GetValue<string>();
        var state = created["state"]!.GetValue<string>();
        if (state == "COMMITTED")
        {
            return new LoggedArtifact(id, state, 0);
        }

        var manifestId = (await CreateManifestAsync(id, "", includeUpload: false))["id"]!.GetValue<string>();
        var nodes = await CreateFilesAsync(id, manifestId, files);
        var uploads = 0;
        var births = new Dictionary<string, string>();
        for (var i = 0; i < files.Count; i++)
        {
            births[files[i].Name] = nodes[i]["artifact"]!["id"]!.GetValue<string>();
            if (nodes[i]["uploadUrl"]?.GetValue<string>() is { } url)
            {
                await PutAsync(url, files[i].Content(), UploadHeadersOf(nodes[i]));
                uploads++;
            }
        }

        await UploadManifestAndCommitAsync(id, files, births);
        return new LoggedArtifact(id, state, uploads);
    }

    /// <summary>The end of the save flow, once the files are uploaded: the manifest (with each file's birth artifact), then the commit.</summary>
    public async Task UploadManifestAndCommitAsync(string artifactId, IReadOnlyList<ArtifactFileSource> files, IReadOnlyDictionary<string, string> births)
    {
        var manifest = Encoding.UTF8.GetBytes(Manifest(files, births));
        var upload = await CreateManifestAsync(artifactId, Convert.ToBase64String(MD5.HashData(manifest)), includeUpload: true);
        await PutAsync(upload["file"]!["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(manifest), UploadHeadersOf(upload["file"]!));
        await CommitAsync(artifactId);
    }

    /// <summary>
    /// One part of an incremental (<c>INCREMENTAL</c>, over <paramref name="baseId"/>) or distributed (<c>PATCH</c>,
    /// <paramref name="distributedId"/>) version, the way wandb v0.16.6 ArtifactSaver._save_internal sends it: the
    /// manifest is created first, updated with its digest by id, then PUT; committed only when <paramref name="commit"/>.
    /// </summary>
    public async Task<string> LogPartAsync(
        string collection, IReadOnlyList<ArtifactFileSource> files, string kind, string? baseId = null, string? distributedId = null, bool commit = true)
    {
        var created = await CreateArtifactAsync(collection, "dataset", Digest(files), null, ["latest"], distributedId);
        var id = created["id"]!.GetValue<string>();
        var manifestName = kind == "INCREMENTAL" ? "wandb_manifest.incremental.json" : "wandb_manifest.patch.json";
        var manifestId = (await client.QueryAsync(
            """
            mutation CreateArtifactManifest($artifactID: ID!, $baseArtifactID: ID, $name: String!, $type: ArtifactManifestType, $e: String!, $p: String!) {
              createArtifactManifest(input: {name: $name, digest: "", artifactID: $artifactID, baseArtifactID: $baseArtifactID,
                                             entityName: $e, projectName: $p, runName: "", type: $type}) { artifactManifest { id } }
            }
            """,
            new { artifactID = id, baseArtifactID = baseId, name = manifestName, type = kind, e = entity, p = project }))
            ["createArtifactManifest"]!["artifactManifest"]!["id"]!.GetValue<string>();
        var nodes = await CreateFilesAsync(id, manifestId, files);
        var births = new Dictionary<string, string>();
        for (var i = 0; i < files.Count; i++)
        {
            births[files[i].Name] = nodes[i]["artifact"]!["id"]!.GetValue<string>();
            if (nodes[i]["uploadUrl"]?.GetValue<string>() is { } url)
            {
                await PutAsync(url, files[i].Content(), UploadHeadersOf(nodes[i]));
            }
        }

        var manifest = Encoding.UTF8.GetBytes(Manifest(files, births));
        var upload = (await client.QueryAsync(
            """
            mutation UpdateArtifactManifest($id: ID!, $digest: String) {
              updateArtifactManifest(input: {artifactManifestID: $id, digest: $digest}) { artifactManifest { id file { uploadUrl uploadHeaders } } }
            }
            """,
            new { id = manifestId, digest = Convert.ToBase64String(MD5.HashData(manifest)) }))["updateArtifactManifest"]!["artifactManifest"]!;
        await PutAsync(upload["file"]!["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(manifest), UploadHeadersOf(upload["file"]!));
        if (commit)
        {
            await CommitAsync(id);
        }

        return id;
    }

    public async Task<JsonNode> CreateArtifactAsync(
        string collection, string type, string digest, string? run, IReadOnlyList<string> aliases, string? distributedId = null, string? clientId = null, string? sequenceClientId = null)
    {
        var data = await client.QueryAsync(
            """
            mutation CreateArtifact($input: CreateArtifactInput!) {
              createArtifact(input: $input) { artifact { id state artifactSequence { id latestArtifact { id versionIndex } } } }
            }
            """,
            new
            {
                input = new
                {
                    entityName = entity,
                    projectName = project,
                    runName = run,
                    artifactTypeName = type,
                    artifactCollectionName = collection,
                    digest,
                    digestAlgorithm = "MANIFEST_MD5",
                    enableDigestDeduplication = true,
                    description = "test data",
                    metadata = "{\"rows\": 2}",
                    aliases = aliases.Select(alias => new { artifactCollectionName = collection, alias }).ToArray(),
                    clientID = clientId ?? "client-" + Guid.NewGuid().ToString("N"),
                    sequenceClientID = sequenceClientId ?? "seq-" + collection,
                    distributedID = distributedId,
                },
            });
        return data["createArtifact"]!["artifact"]!;
    }

    public async Task<JsonNode> CreateManifestAsync(string artifactId, string digest, bool includeUpload)
    {
        var data = await client.QueryAsync(
            """
            mutation CreateArtifactManifest($artifactID: ID!, $digest: String!, $entityName: String!, $projectName: String!, $includeUpload: Boolean!) {
              createArtifactManifest(input: {name: "wandb_manifest.json", digest: $digest, artifactID: $artifactID, entityName: $entityName,
                                             projectName: $projectName, runName: "", type: FULL}) {
                artifactManifest { id file { id uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } }
              }
            }
            """,
            new { artifactID = artifactId, digest, entityName = entity, projectName = project, includeUpload });
        return data["createArtifactManifest"]!["artifactManifest"]!;
    }

    /// <summary><c>createArtifactFiles</c>; <paramref name="uploadParts"/> gives a file's <c>uploadPartsInput</c> (null for a single PUT).</summary>
    public async Task<IReadOnlyList<JsonNode>> CreateFilesAsync(
        string artifactId, string manifestId, IReadOnlyList<ArtifactFileSource> files, Func<ArtifactFileSource, object?>? uploadParts = null)
    {
        var data = await client.QueryAsync(
            """
            mutation CreateArtifactFiles($artifactFiles: [CreateArtifactFileSpecInput!]!, $storageLayout: ArtifactStorageLayout!) {
              createArtifactFiles(input: {artifactFiles: $artifactFiles, storageLayout: $storageLayout}) {
                files { edges { node { name displayName storagePath uploadUrl uploadHeaders
                  uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } } artifact { id } } } }
              }
            }
            """,
            new
            {
                storageLayout = "V2",
                artifactFiles = files.Select(f => new { artifactID = artifactId, artifactManifestID = manifestId, name = f.Name, md5 = f.Md5Base64, uploadPartsInput = uploadParts?.Invoke(f) }).ToArray(),
            });
        return data["createArtifactFiles"]!["files"]!["edges"]!.AsArray().Select(edge => edge!["node"]!).ToList();
    }

    /// <summary><c>completeMultipartUploadArtifact</c> as the newest client sends it; returns the status and the whole body.</summary>
    public Task<(int Status, JsonNode? Body)> CompleteMultipartAsync(string artifactId, string storagePath, string uploadId, IEnumerable<object> completedParts) =>
        client.GraphQLAsync(
            """
            mutation CompleteMultipartUploadArtifact($completeMultipartAction: CompleteMultipartAction!, $completedParts: [UploadPartsInput!]!,
                                                     $artifactID: ID!, $storagePath: String!, $uploadID: String!) {
              completeMultipartUploadArtifact(input: {completeMultipartAction: $completeMultipartAction, completedParts: $completedParts,
                                                      artifactID: $artifactID, storagePath: $storagePath, uploadID: $uploadID}) { digest }
            }
            """,
            new { completeMultipartAction = "Complete", completedParts = completedParts.ToArray(), artifactID = artifactId, storagePath, uploadID = uploadId });

    public async Task<JsonNode> CommitAsync(string artifactId) =>
        (await client.QueryAsync(
            "mutation CommitArtifact($artifactID: ID!) { commitArtifact(input: {artifactID: $artifactID}) { artifact { id digest } } }",
            new { artifactID = artifactId }))["commitArtifact"]!["artifact"]!;

    public async Task UseAsync(string artifactId, string run) =>
        await client.QueryAsync(
            """
            mutation UseArtifact($input: UseArtifactInput!) { useArtifact(input: $input) { artifact { id } } }
            """,
            new { input = new { entityName = entity, projectName = project, runName = run, artifactID = artifactId, usedAs = "input" } });

    /// <summary><c>project.artifact(name)</c> with what the clients read, or null.</summary>
    public async Task<JsonNode?> ByNameAsync(string name) =>
        (await client.QueryAsync(
            $"query A($entity: String!, $project: String!, $name: String!) {{ project(name: $project, entityName: $entity) {{ artifact(name: $name) {{ {VersionFields} }} }} }}",
            new { entity, project, name }))["project"]!["artifact"];

    /// <summary><c>artifact(id)</c> with what the clients read, or null.</summary>
    public async Task<JsonNode?> ByIdAsync(string id) =>
        (await client.QueryAsync($"query A($id: ID!) {{ artifact(id: $id) {{ {VersionFields} }} }}", new { id }))["artifact"];

    /// <summary>The version's files with their direct URLs (<c>ArtifactFileURLs</c>).</summary>
    public async Task<IReadOnlyList<JsonNode>> FilesAsync(string artifactId) =>
        (await client.QueryAsync(
            """
            query ArtifactFileURLs($id: ID!, $cursor: String, $perPage: Int) {
              artifact(id: $id) { files(after: $cursor, first: $perPage) { pageInfo { hasNextPage endCursor }
                edges { node { id name displayName directUrl url md5 digest sizeBytes storagePath } } } }
            }
            """,
            new { id = artifactId, cursor = (string?)null, perPage = 5000 }))["artifact"]!["files"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();

    /// <summary>The aliases of the version that belong to this collection.</summary>
    public static IReadOnlyList<string> AliasesOf(JsonNode version) =>
        version["aliases"]!.AsArray().Select(a => a!["alias"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    /// <summary>PUTs to an upload URL with its upload headers and fails the test unless it answers 2xx.</summary>
    public async Task PutAsync(string absoluteUrl, HttpContent content, IEnumerable<string>? uploadHeaders = null)
    {
        using var response = await SendPutAsync(absoluteUrl, content, uploadHeaders);
        Assert.True(response.IsSuccessStatusCode, $"PUT {absoluteUrl} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>PUTs to an upload URL with the <c>Name:Value</c> upload headers, as the clients apply them.</summary>
    public Task<HttpResponseMessage> SendPutAsync(string absoluteUrl, HttpContent content, IEnumerable<string>? uploadHeaders = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, absoluteUrl) { Content = content };
        foreach (var header in uploadHeaders ?? [])
        {
            var colon = header.IndexOf(':');
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..]);
        }

        return SendAsync(request);
    }

    public async Task<byte[]> GetBytesAsync(string absoluteUrl)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, absoluteUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Sends a request for an absolute URL: in-process when it points at the server, over the network otherwise.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (request.RequestUri!.Authority != client.Http.BaseAddress!.Authority)
        {
            return ClientDownloads.Network.SendAsync(request);
        }

        request.RequestUri = new Uri(request.RequestUri.PathAndQuery, UriKind.Relative);
        return client.Http.SendAsync(request);
    }

    /// <summary>The <c>uploadHeaders</c> of a <c>File</c> node.</summary>
    public static IReadOnlyList<string> UploadHeadersOf(JsonNode file) =>
        file["uploadHeaders"]?.AsArray().Select(header => header!.GetValue<string>()).ToList() ?? [];

    /// <summary>The artifact digest (docs/protocol/artifacts.md#manifest-and-digests): MD5 of the header line and one "path:digest" line per file in path order.</summary>
    public static string Digest(IEnumerable<ArtifactFileSource> files)
    {
        var text = new StringBuilder("wandb-artifact-manifest-v1\n");
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            text.Append(file.Name).Append(':').Append(file.Md5Base64).Append('\n');
        }

        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The manifest as the clients write it.</summary>
    public static string Manifest(IEnumerable<ArtifactFileSource> files, IReadOnlyDictionary<string, string> births)
    {
        var contents = new JsonObject();
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            contents[file.Name] = new JsonObject { ["digest"] = file.Md5Base64, ["birthArtifactID"] = births[file.Name], ["size"] = file.Size };
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["storagePolicy"] = "wandb-storage-policy-v1",
            ["storagePolicyConfig"] = new JsonObject { ["storageLayout"] = "V2" },
            ["contents"] = contents,
        }.ToJsonString();
    }

    /// <summary>Base-relative path of an absolute URL the server handed out (the test client has its own base).</summary>
    public static string PathOf(string absoluteUrl) => new Uri(absoluteUrl).PathAndQuery;

    public static AuthenticationHeaderValue Basic(string apiKey) => ClientDownloads.Basic(apiKey);
}
