using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>One request of a real W&amp;B client, as recorded in <c>tests/fixtures/*.jsonl</c>.</summary>
public sealed record RecordedRequest(int Seq, string Method, string Path, JsonObject Headers, JsonNode? Body, string? Operation, int RecordedStatus)
{
    public static IReadOnlyList<RecordedRequest> Load(string fixtureFile) =>
        File.ReadLines(System.IO.Path.Combine(Infrastructure.RepoPaths.Fixtures, fixtureFile))
            .Where(line => line.Length > 0)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Select(r => new RecordedRequest(
                r["seq"]!.GetValue<int>(),
                r["method"]!.GetValue<string>(),
                r["path"]!.GetValue<string>(),
                r["headers"]?.AsObject() ?? [],
                r["body"]?.DeepClone(),
                r["operation"]?.GetValue<string>(),
                r["status"]!.GetValue<int>())
            {
                ExampleResponse = r["example_response"]?.DeepClone(),
            })
            .OrderBy(r => r.Seq)
            .ToList();

    public bool IsGraphQL => Path.EndsWith("/graphql", StringComparison.Ordinal);
    public bool IsFileStream => Path.EndsWith("/file_stream", StringComparison.Ordinal);
    public bool IsRunFileUpload => Method == "PUT" && Path.StartsWith("/storage/runs/", StringComparison.Ordinal);
    public bool IsRunFileDownload => Method == "GET" && Path.StartsWith("/files/", StringComparison.Ordinal);

    /// <summary>The last path segment, without the query a signed URL carries: the file name of an upload or download.</summary>
    public string FileName => Uri.UnescapeDataString(PathOnly[(PathOnly.LastIndexOf('/') + 1)..]);

    private string PathOnly => Path.Split('?')[0];

    /// <summary>What the capture server answered (recorded ids are read from it; never what we must answer).</summary>
    public JsonNode? ExampleResponse { get; init; }

    /// <summary>A PUT of an artifact file's or a manifest's bytes to an upload URL handed out earlier.</summary>
    public bool IsArtifactUpload => Method == "PUT" && IsArtifactStoragePath;

    /// <summary>A GET of an artifact file or manifest through a <c>directUrl</c> handed out earlier.</summary>
    public bool IsArtifactDownload => Method == "GET" && IsArtifactStoragePath;

    /// <summary>The clients' fallback download with an API key (<c>/artifactsV2/…</c>, <c>/artifacts/…</c>).</summary>
    public bool IsArtifactFallbackDownload =>
        Method == "GET" && (Path.StartsWith("/artifactsV2/", StringComparison.Ordinal) || Path.StartsWith("/artifacts/", StringComparison.Ordinal));

    /// <summary>
    /// True for the manifest (rather than an artifact file) among artifact uploads and downloads: the capture server's
    /// <c>/storage/manifests/…</c>, or our own <c>/storage/artifacts/manifests/{id}</c> in fixtures recorded against us.
    /// </summary>
    public bool IsManifest =>
        Path.StartsWith("/storage/manifests/", StringComparison.Ordinal) || Path.StartsWith("/storage/artifacts/manifests/", StringComparison.Ordinal);

    /// <summary>True for a path of our own content-addressed store (<c>…/md5/{hex}</c>, <c>…/manifests/{id}</c>): the name is the object's.</summary>
    public bool IsOwnStorageKey =>
        Path.StartsWith("/storage/artifacts/md5/", StringComparison.Ordinal) || Path.StartsWith("/storage/artifacts/manifests/", StringComparison.Ordinal);

    private bool IsArtifactStoragePath =>
        Path.StartsWith("/storage/artifacts/", StringComparison.Ordinal) || Path.StartsWith("/storage/manifests/", StringComparison.Ordinal);
}
