using System.Security.Cryptography;

namespace Orleans.Wandb.Web.Artifacts;

/// <summary>Hashes bytes that are not written anywhere: an upload of content that is stored already must still prove to be it.</summary>
public static class ContentDigest
{
    /// <summary>The hex MD5 and size of everything <paramref name="content"/> yields.</summary>
    public static async Task<(string Md5Hex, long SizeBytes)> Md5Async(Stream content, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            size += read;
        }

        return (Convert.ToHexStringLower(md5.GetHashAndReset()), size);
    }
}
