using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>Turns the <c>BUCKET</c> setting into the blob container client every cluster store shares.</summary>
public sealed class BlobContainerFactory(IOptions<ClusterStorageOptions> options)
{
    /// <summary>The well-known key of Azurite's development account (public, documented by Microsoft).</summary>
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Lazy<BlobContainerClient> _container = new(() => Create(options.Value));

    /// <summary>The container; its client holds the account key, so it can sign SAS URLs.</summary>
    public BlobContainerClient Container => _container.Value;

    /// <summary>Builds the container client for <paramref name="settings"/> (see <see cref="ClusterStorageOptions.Bucket"/>).</summary>
    public static BlobContainerClient Create(ClusterStorageOptions settings)
    {
        var bucket = settings.Bucket.Trim();
        var clientOptions = new BlobClientOptions
        {
            // Few, quick retries: a request that cannot be stored soon answers 503 and the W&B client retries it.
            Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), Mode = RetryMode.Fixed, NetworkTimeout = TimeSpan.FromSeconds(30) },
        };

        if (bucket.Contains('=') && bucket.Contains(';'))
        {
            return new BlobContainerClient(bucket, settings.Container, clientOptions);
        }

        // az://account/container is W&B Local's form for Azure.
        if (bucket.StartsWith("az://", StringComparison.OrdinalIgnoreCase))
        {
            var parts = bucket["az://".Length..].Trim('/').Split('/', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException("BUCKET must look like az://account/container.");
            }

            bucket = $"https://{parts[0]}.blob.core.windows.net/{parts[1]}";
        }

        if (!Uri.TryCreate(bucket, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException(
                "BUCKET must be an Azure Blob connection string, a container URL (http(s)://...) or az://account/container.");
        }

        var account = new BlobUriBuilder(uri).AccountName;
        var key = settings.AccountKey ?? (account == "devstoreaccount1" ? DevelopmentAccountKey : null)
            ?? throw new ArgumentException("A container URL in BUCKET needs the account key in AZURE_STORAGE_KEY (it signs the upload URLs).");
        return new BlobContainerClient(new Uri(uri.GetLeftPart(UriPartial.Path)), new StorageSharedKeyCredential(account, key), clientOptions);
    }
}
