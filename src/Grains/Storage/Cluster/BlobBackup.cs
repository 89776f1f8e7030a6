using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// Copies the blob container to a folder and back, keeping each blob's type (append blobs are run logs), with a
/// manifest of names, types, sizes and MD5s that the restore verifies. Together with a MySQL dump taken
/// <em>before</em> it, this is a consistent backup even of a running cluster: logs only grow, so they then hold at
/// least what the dumped checkpoints point at, and files uploaded after the dump register from the listing.
/// </summary>
public sealed class BlobBackup(BlobContainerFactory containers)
{
    private const string ManifestName = "blobs.manifest";

    /// <summary>Writes every blob under <paramref name="folder"/>; returns how many.</summary>
    public async Task<int> ExportAsync(string folder, CancellationToken cancellationToken)
    {
        var manifest = new List<string>();
        var container = containers.Container;
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var path = PathOf(folder, item.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = File.Create(path))
            {
                await container.GetBlobClient(item.Name).DownloadToAsync(file, cancellationToken);
            }

            var md5 = Convert.ToBase64String(await HashFileAsync(path, cancellationToken));
            var type = item.Properties.BlobType == BlobType.Append ? "append" : "block";
            manifest.Add(string.Join('\t', type, new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture), md5, item.Name));
        }

        await File.WriteAllLinesAsync(Path.Combine(folder, ManifestName), manifest, cancellationToken);
        return manifest.Count;
    }

    /// <summary>Recreates every blob of a backup in the (empty) container and verifies its MD5; returns how many.</summary>
    public async Task<int> ImportAsync(string folder, CancellationToken cancellationToken)
    {
        var container = containers.Container;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var count = 0;
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(folder, ManifestName), cancellationToken))
        {
            var parts = line.Split('\t', 4);
            var (type, md5, name) = (parts[0], parts[2], parts[3]);
            var path = PathOf(folder, name);
            if (Convert.ToBase64String(await HashFileAsync(path, cancellationToken)) != md5)
            {
                throw new InvalidDataException($"The backup of '{name}' does not match its manifest checksum.");
            }

            if (type == "append")
            {
                var blob = container.GetAppendBlobClient(name);
                await blob.CreateAsync(new AppendBlobCreateOptions(), cancellationToken);
                await using var file = File.OpenRead(path);
                var buffer = new byte[BlobRunLogStore.MaxBlockSize];
                int read;
                while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
                {
                    await blob.AppendBlockAsync(new MemoryStream(buffer, 0, read), cancellationToken: cancellationToken);
                }
            }
            else
            {
                await using var file = File.OpenRead(path);
                await container.GetBlobClient(name).UploadAsync(file, new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentHash = Convert.FromBase64String(md5) },
                }, cancellationToken);
            }

            count++;
        }

        return count;
    }

    private static string PathOf(string folder, string blobName)
    {
        var path = Path.GetFullPath(Path.Combine(folder, "blobs", blobName));
        return path.StartsWith(Path.GetFullPath(Path.Combine(folder, "blobs")) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidDataException($"Blob name '{blobName}' escapes the backup folder.");
    }

    private static async Task<byte[]> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await MD5.HashDataAsync(file, cancellationToken);
    }
}
