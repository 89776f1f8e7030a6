namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// A file store that clients reach directly (the cluster profile's blob container): uploads and downloads use URLs
/// the store signs, so file bytes never pass through a silo. Without one (embedded profile) the server signs URLs
/// to its own <c>/storage/</c> endpoints. Since no silo sees a direct upload land, uploaded objects are found by
/// listing (<see cref="ListAsync"/>) and registered with their run then.
/// </summary>
public interface IDirectTransfer
{
    /// <summary>
    /// The <c>Name:Value</c> headers every PUT to an upload URL must carry (for Azure: <c>x-ms-blob-type:BlockBlob</c>).
    /// </summary>
    IReadOnlyList<string> UploadHeaders { get; }

    /// <summary>An absolute URL that lets its holder write the object, and nothing else, until it expires.</summary>
    string UploadUrl(string objectKey);

    /// <summary>An absolute URL that lets its holder read the object, and nothing else, until it expires.</summary>
    string DownloadUrl(string objectKey);

    /// <summary>The stored objects whose keys start with <paramref name="prefix"/>, with size and base64 MD5.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);
}
