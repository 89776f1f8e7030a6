using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// Where artifact bytes live in the file store. File contents are content-addressed by MD5
/// (<c>artifacts/md5/{hex}</c>), so identical bytes are stored once across versions, collections, runs and
/// entities; manifests belong to one version (<c>artifacts/manifests/{manifestId}</c>).
/// </summary>
public static partial class ArtifactObjects
{
    public const string Prefix = "artifacts/";

    private const string BlobPrefix = "artifacts/md5/";
    private const string ManifestPrefix = "artifacts/manifests/";

    /// <summary>The object key of the content with this MD5 (32 lowercase hex digits).</summary>
    public static string BlobKey(string md5Hex) =>
        IsMd5Hex(md5Hex) ? BlobPrefix + md5Hex : throw new ArgumentException($"'{md5Hex}' is not an MD5 in hex.", nameof(md5Hex));

    /// <summary>The object key of an uploaded manifest.</summary>
    public static string ManifestKey(long manifestId) => ManifestPrefix + manifestId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The MD5 of a blob key, or null when the key is not one.</summary>
    public static string? Md5OfBlobKey(string objectKey) =>
        objectKey.StartsWith(BlobPrefix, StringComparison.Ordinal) && IsMd5Hex(objectKey[BlobPrefix.Length..])
            ? objectKey[BlobPrefix.Length..]
            : null;

    /// <summary>The manifest id of a manifest key, or null when the key is not one.</summary>
    public static long? ManifestIdOfKey(string objectKey) =>
        objectKey.StartsWith(ManifestPrefix, StringComparison.Ordinal)
        && long.TryParse(objectKey.AsSpan(ManifestPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>True for 32 lowercase hex digits.</summary>
    public static bool IsMd5Hex(string? value) => value is { Length: 32 } && Md5HexPattern().IsMatch(value);

    /// <summary>The clients' base64 MD5 as lowercase hex, or null when it is not a base64 MD5.</summary>
    public static string? Md5HexOfBase64(string? md5Base64)
    {
        if (string.IsNullOrEmpty(md5Base64))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[24];
        return Convert.TryFromBase64String(md5Base64, bytes, out var written) && written == 16
            ? Convert.ToHexStringLower(bytes[..16])
            : null;
    }

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Md5HexPattern();
}
