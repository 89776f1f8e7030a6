namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// A file store that clients reach directly (the cluster profile's blob container): uploads and downloads use URLs
/// the store signs, so file bytes never pass through a silo. Without one (embedded profile) the server signs URLs
/// to its own <c>/storage/</c> endpoints. Since no silo sees a direct upload land, uploaded objects are found by
/// listing (<see cref="ListAsync"/>) and registered with their run then; artifact bytes are uploaded to a key of
/// their own and checked and moved into place inside the store (<see cref="AcceptUploadAsync"/>) when the version is
/// committed.
/// </summary>
public interface IDirectTransfer
{
    /// <summary>
    /// The <c>Name:Value</c> headers every PUT to an upload URL must carry (for Azure: <c>x-ms-blob-type:BlockBlob</c>).
    /// </summary>
    IReadOnlyList<string> UploadHeaders { get; }

    /// <summary>
    /// The origin (<c>scheme://host:port</c>) of the URLs handed out, which the web app's Content-Security-Policy lets
    /// its images, players and media load from.
    /// </summary>
    string PublicOrigin { get; }

    /// <summary>An absolute URL that lets its holder write the object, and nothing else, until it expires.</summary>
    string UploadUrl(string objectKey);

    /// <summary>
    /// An absolute URL that lets its holder read the object, and nothing else, until it expires; the store answers it
    /// with the content type and disposition of <paramref name="servedAs"/>, whatever the uploader declared.
    /// </summary>
    string DownloadUrl(string objectKey, ServedAs servedAs);

    /// <summary>
    /// The stored objects whose keys start with <paramref name="prefix"/>, with size and base64 MD5 — as the store
    /// reports it, which for a direct upload may be the MD5 the uploader declared: <see cref="CheckAsync"/> before
    /// recording one.
    /// </summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the object's bytes inside the store to compute their MD5 (a client's declared Content-MD5 is never taken
    /// on its word) and records it on the object; null when there is no such object.
    /// </summary>
    Task<StoredObject?> CheckAsync(string objectKey, CancellationToken cancellationToken);

    /// <summary>
    /// Checks what a client uploaded to <paramref name="uploadKey"/> and, when its MD5 is
    /// <paramref name="expectedMd5Base64"/> (or any MD5 when that is null), moves it to <paramref name="objectKey"/>
    /// inside the store: the bytes are read once to compute their MD5 (never the uploader's declared one). An object already
    /// at <paramref name="objectKey"/> is kept unless <paramref name="replace"/> is set (content-addressed objects
    /// never change). The upload is removed either way. Null when nothing was uploaded there.
    /// </summary>
    Task<CheckedUpload?> AcceptUploadAsync(
        string uploadKey, string objectKey, string? expectedMd5Base64, bool replace, CancellationToken cancellationToken);
}
