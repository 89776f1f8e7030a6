using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Web.GraphQL.Model;

/// <summary>
/// GraphQL <c>File</c> for an artifact's file or manifest. <see cref="ObjectKey"/> is the file-store object the download
/// URLs point at (null for references such as <c>s3://…</c>, which have no URL here); <see cref="UploadKey"/> is the
/// object <c>uploadUrl</c> writes (the same one, or a pending version's own upload key when clients upload straight to
/// the blob store), and null makes <c>uploadUrl</c> null, which tells the client the content is stored already.
/// </summary>
public sealed record ArtifactFileNode(
    string Id,
    string Name,
    string? ObjectKey,
    string? UploadKey,
    long? SizeBytes,
    string? Md5,
    string? Digest,
    DateTimeOffset? UpdatedAt,
    ArtifactNode? Artifact)
{
    public string DisplayName => Name;

    public string? StoragePath => ObjectKey;

    public string? Mimetype => FileTypes.ContentTypeOf(Name);

    /// <summary>The <c>Name:Value</c> headers the upload PUT must carry (none for the server's own endpoints).</summary>
    public IReadOnlyList<string> UploadHeaders { get; init; } = [];

    /// <summary>
    /// Part URLs only when the client asked for a multipart upload (<c>uploadPartsInput</c>) of content not stored yet;
    /// null keeps the single whole-file PUT.
    /// </summary>
    public UploadMultipartUrlsNode? UploadMultipartUrls { get; init; }
}
