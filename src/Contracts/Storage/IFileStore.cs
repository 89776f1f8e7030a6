namespace Orleans.Wandb.Contracts.Storage;

/// <summary>
/// Where run files and artifact contents live: a directory under the data folder in the embedded profile,
/// a blob container in the cluster profile. Object keys are '/'-separated paths chosen by the caller.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the stream under <paramref name="objectKey"/>, replacing what was there; returns size and MD5.</summary>
    Task<StoredObject> WriteAsync(string objectKey, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a stored object for reading, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string objectKey, CancellationToken cancellationToken);

    /// <summary>
    /// A tag that changes whenever the object is replaced (its size and modification time on disk, its ETag in a blob
    /// container), or null when it does not exist: what caches derived from an object (a table's index) are keyed by.
    /// </summary>
    Task<string?> GetVersionAsync(string objectKey, CancellationToken cancellationToken);

    /// <summary>Removes a stored object; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string objectKey, CancellationToken cancellationToken);

    /// <summary>Removes every object whose key starts with <paramref name="prefix"/> (a deleted run's files).</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Checks that the store can be reached (for <c>/ready</c>).</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

/// <summary>What <see cref="IFileStore.WriteAsync"/> stored.</summary>
public sealed record StoredObject(string ObjectKey, long SizeBytes, string Md5Base64);
