using System.Text.Json.Nodes;

namespace Orleans.Wandb.Tests.Replay;

/// <summary>One request of a real W&amp;B client, as recorded in <c>shared/fixtures/*.jsonl</c>.</summary>
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
                r["status"]!.GetValue<int>()))
            .OrderBy(r => r.Seq)
            .ToList();

    public bool IsGraphQL => Path.EndsWith("/graphql", StringComparison.Ordinal);
    public bool IsFileStream => Path.EndsWith("/file_stream", StringComparison.Ordinal);
    public bool IsRunFileUpload => Method == "PUT" && Path.StartsWith("/storage/runs/", StringComparison.Ordinal);
    public bool IsRunFileDownload => Method == "GET" && Path.StartsWith("/files/", StringComparison.Ordinal);

    /// <summary>The last path segment: the file name of an upload or download.</summary>
    public string FileName => Uri.UnescapeDataString(Path[(Path.LastIndexOf('/') + 1)..]);

    /// <summary>
    /// Artifact traffic (save flow, reads, artifact and manifest bytes) belongs to the artifacts issue, which
    /// extends this replay; everything else in the fixtures is replayed and checked here.
    /// </summary>
    public bool IsArtifactTraffic =>
        Operation is "ArtifactType" or "CreateArtifact" or "CreateArtifactManifest" or "UpdateArtifactManifest"
            or "CreateArtifactFiles" or "CommitArtifact" or "UseArtifact" or "ArtifactByIDShort" or "ArtifactByName"
            or "ArtifactManifest" or "ArtifactFileURLs" or "ClientIDMapping"
        || Path.StartsWith("/storage/artifacts/", StringComparison.Ordinal)
        || Path.StartsWith("/storage/manifests/", StringComparison.Ordinal)
        || Path.StartsWith("/artifactsV2/", StringComparison.Ordinal)
        || Path.StartsWith("/artifacts/", StringComparison.Ordinal);
}
