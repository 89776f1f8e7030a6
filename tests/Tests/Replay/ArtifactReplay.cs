using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>
/// The server-issued artifact values of one replay (fixtures README, step 3): artifact and manifest ids read from our
/// answers replace the recorded ones in later variables, manifest bodies and fallback paths; uploads and downloads go
/// to the URLs our server handed out; the manifest digest is recomputed over the substituted manifest bytes.
/// </summary>
public sealed class ArtifactReplay(IReadOnlyList<RecordedRequest> requests)
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _fileUploadUrls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fileDownloadUrls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _fileUploadHeaders = new(StringComparer.Ordinal);
    private string? _manifestUploadUrl;
    private IReadOnlyList<string> _manifestUploadHeaders = [];
    private string? _manifestDownloadUrl;
    private string? _baseArtifactId;
    private bool _baseArtifactKnown;

    /// <summary>The GraphQL body to send: recorded ids replaced, <c>baseArtifactID</c> ours, the manifest digest recomputed.</summary>
    public JsonNode PrepareGraphQL(RecordedRequest request)
    {
        var body = Replace(request.Body!.DeepClone());
        if (request.Operation == "CreateArtifactManifest" && body["variables"] is JsonObject variables)
        {
            if (_baseArtifactKnown && variables.ContainsKey("baseArtifactID"))
            {
                variables["baseArtifactID"] = _baseArtifactId;
            }

            if (variables["digest"]?.GetValue<string>() is { Length: > 0 })
            {
                var manifest = requests.First(r => r.Seq > request.Seq && r.IsArtifactUpload && r.IsManifest);
                variables["digest"] = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(UploadBody(manifest))));
            }
        }

        return body;
    }

    /// <summary>Learns ids and URLs from our answer to a GraphQL request.</summary>
    public void Collect(RecordedRequest request, JsonNode data)
    {
        switch (request.Operation)
        {
            case "CreateArtifact":
                var artifact = data["createArtifact"]!["artifact"]!;
                if (request.ExampleResponse?["data"]?["createArtifact"]?["artifact"]?["id"]?.GetValue<string>() is { } recorded)
                {
                    _ids[recorded] = artifact["id"]!.GetValue<string>();
                }

                _baseArtifactId = artifact["artifactSequence"]?["latestArtifact"]?["id"]?.GetValue<string>();
                _baseArtifactKnown = true;
                break;
            case "CreateArtifactManifest":
                var manifest = data["createArtifactManifest"]!["artifactManifest"]!;
                if (request.ExampleResponse?["data"]?["createArtifactManifest"]?["artifactManifest"]?["id"]?.GetValue<string>() is { } recordedManifest)
                {
                    _ids.TryAdd(recordedManifest, manifest["id"]!.GetValue<string>());
                }

                if (manifest["file"]?["uploadUrl"]?.GetValue<string>() is { } uploadUrl)
                {
                    _manifestUploadUrl = uploadUrl;
                    _manifestUploadHeaders = HeadersOf(manifest["file"]!);
                }

                break;
            case "CreateArtifactFiles":
                foreach (var edge in data["createArtifactFiles"]!["files"]!["edges"]!.AsArray())
                {
                    _fileUploadUrls[edge!["node"]!["displayName"]!.GetValue<string>()] = edge["node"]!["uploadUrl"]?.GetValue<string>();
                    _fileUploadHeaders[edge["node"]!["displayName"]!.GetValue<string>()] = HeadersOf(edge["node"]!);

                    // Fixtures recorded against our own server PUT to the content's key (md5/{hex}), which names the file.
                    // The recorded path names the content (md5/{hex}); ours may name it under another prefix (a blob
                    // store's upload key) but ends with the same MD5.
                    if (edge["node"]!["uploadUrl"]?.GetValue<string>() is { } contentUrl)
                    {
                        _fileUploadUrls[LastSegment(contentUrl)] = contentUrl;
                        _fileUploadHeaders[LastSegment(contentUrl)] = HeadersOf(edge["node"]!);
                    }
                }

                break;
            case "ArtifactByIDShort":
                _manifestDownloadUrl = data["artifact"]!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>();
                break;
            case "ArtifactManifest":
                _manifestDownloadUrl = data["project"]!["artifact"]!["currentManifest"]!["file"]!["directUrl"]!.GetValue<string>();
                break;
            case "ArtifactFileURLs":
                foreach (var edge in data["artifact"]!["files"]!["edges"]!.AsArray())
                {
                    var directUrl = edge!["node"]!["directUrl"]!.GetValue<string>();
                    _fileDownloadUrls[edge["node"]!["name"]!.GetValue<string>()] = directUrl;
                    _fileDownloadUrls[LastSegment(directUrl)] = directUrl;
                }

                break;
        }
    }

    /// <summary>Where an artifact upload goes, or null when our server said the content is stored (no PUT then).</summary>
    public string? UploadTarget(RecordedRequest request) =>
        request.IsManifest
            ? _manifestUploadUrl ?? throw new Xunit.Sdk.XunitException($"seq {request.Seq}: no manifest upload URL was handed out")
            : _fileUploadUrls.TryGetValue(request.FileName, out var url)
                ? url
                : throw new Xunit.Sdk.XunitException($"seq {request.Seq}: no upload URL was handed out for {request.FileName}");

    /// <summary>The <c>uploadHeaders</c> our server answered with an artifact upload's URL.</summary>
    public IReadOnlyList<string> UploadHeaders(RecordedRequest request) =>
        request.IsManifest ? _manifestUploadHeaders : _fileUploadHeaders.GetValueOrDefault(request.FileName) ?? [];

    /// <summary>The bytes of an artifact upload with server-issued ids (the manifest names its birth artifact).</summary>
    /// <remarks>
    /// A manifest recorded through scripts/record-client-traffic.py is kept parsed (it is JSON); its bytes are then the
    /// compact serialisation, and the replay announces their digest (<see cref="PrepareGraphQL"/>).
    /// </remarks>
    public string UploadBody(RecordedRequest request) =>
        Replace(request.Body is JsonValue value && value.TryGetValue<string>(out var text) ? text : request.Body!.ToJsonString());

    /// <summary>Where an artifact download goes: the <c>directUrl</c> we handed out, or the fallback path with our ids.</summary>
    public string DownloadTarget(RecordedRequest request)
    {
        if (request.IsArtifactFallbackDownload)
        {
            return _ids.Aggregate(request.Path, (path, id) => path.Replace(Uri.EscapeDataString(id.Key), Uri.EscapeDataString(id.Value), StringComparison.Ordinal));
        }

        return (request.IsManifest ? _manifestDownloadUrl : _fileDownloadUrls.GetValueOrDefault(request.FileName))
               ?? throw new Xunit.Sdk.XunitException($"seq {request.Seq}: no directUrl was handed out for {request.Path}");
    }

    /// <summary>What a download must return: the bytes uploaded before (for a fallback, the upload with that MD5).</summary>
    public string ExpectedDownload(RecordedRequest request)
    {
        var uploads = requests.Where(r => r.Seq < request.Seq && r.IsArtifactUpload).ToList();
        if (request.IsArtifactFallbackDownload)
        {
            var md5Hex = request.Path[(request.Path.LastIndexOf('/') + 1)..];
            return uploads.Select(UploadBody).Last(body => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body))) == md5Hex);
        }

        // Our own keys name the object (a manifest's id), so the download is of the upload with the same key.
        return UploadBody(uploads.Last(r => r.IsManifest == request.IsManifest
                                            && ((r.IsManifest && !request.IsOwnStorageKey) || r.FileName == request.FileName)));
    }

    private static string LastSegment(string url)
    {
        var path = new Uri(url).AbsolutePath;
        return Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }

    private static IReadOnlyList<string> HeadersOf(JsonNode file) =>
        file["uploadHeaders"]?.AsArray().Select(header => header!.GetValue<string>()).ToList() ?? [];

    private string Replace(string text) =>
        _ids.Aggregate(text, (current, id) => current.Replace(id.Key, id.Value, StringComparison.Ordinal));

    private JsonNode Replace(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is not null)
                    {
                        obj[key] = Replace(value.DeepClone());
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        array[i] = Replace(item.DeepClone());
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && _ids.TryGetValue(text, out var live):
                return JsonValue.Create(live);
            default:
                return node;
        }
    }
}
