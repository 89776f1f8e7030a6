namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>File</c> for an artifact's file or manifest. <see cref="ObjectKey"/> is the file-store object the URLs
/// point at (null for references such as <c>s3://…</c>, which have no URL here); <see cref="UploadNeeded"/> false makes
/// <c>uploadUrl</c> null, which tells the client the content is stored already.
/// </summary>
public sealed record ArtifactFileNode(
    string Id,
    string Name,
    string? ObjectKey,
    bool UploadNeeded,
    long? SizeBytes,
    string? Md5,
    string? Digest,
    DateTimeOffset? UpdatedAt,
    ArtifactNode? Artifact)
{
    public string DisplayName => Name;

    public string? StoragePath => ObjectKey;

    public string? Mimetype => Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/octet-stream";

    public IReadOnlyList<string> UploadHeaders => [];

    /// <summary>Always null: a whole-file PUT streams to the store at any size, so clients need no part URLs.</summary>
    public object? UploadMultipartUrls => null;
}
