using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Wandb.Contracts.Artifacts;

/// <summary>
/// Where artifact bytes live in the file store. File contents are content-addressed by MD5
/// (<c>artifacts/md5/{hex}</c>), so identical bytes are stored once across versions, collections, runs and
/// entities; manifests belong to one version (<c>artifacts/manifests/{manifestId}</c>). The parts of a multipart
/// upload wait under <c>artifacts/parts/{uploadId}/{partNumber}/{part md5}</c> until they are joined into the content.
/// Where clients upload straight to the store (cluster profile), a pending version's uploads land under
/// <c>artifacts/uploads/{artifactId}/</c> and move to their keys above only once their MD5 is checked, at commit.
/// </summary>
public static partial class ArtifactObjects
{
    public const string Prefix = "artifacts/";

    private const string BlobPrefix = "artifacts/md5/";
    private const string ManifestPrefix = "artifacts/manifests/";
    private const string PartPrefix = "artifacts/parts/";
    private const string UploadPrefix = "artifacts/uploads/";

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

    /// <summary>
    /// The id of the multipart upload of the content with this MD5 in these parts. It is derived, not stored: the same
    /// request gets the same id (so a retried <c>createArtifactFiles</c> keeps the parts already sent), and completing
    /// checks the completed parts against it.
    /// </summary>
    public static string UploadId(string md5Hex, IEnumerable<UploadPart> parts)
    {
        var plan = new StringBuilder(md5Hex).Append('\n');
        foreach (var part in parts)
        {
            plan.Append(part.PartNumber.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part.Md5Hex).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(plan.ToString())))[..32];
    }

    /// <summary>The folder holding every part of an upload.</summary>
    public static string PartsPrefix(string uploadId) =>
        IsMd5Hex(uploadId) ? PartPrefix + uploadId + "/" : throw new ArgumentException($"'{uploadId}' is not an upload id.", nameof(uploadId));

    /// <summary>The object key one part of an upload is PUT to; it names the MD5 the part's bytes must have.</summary>
    public static string PartKey(string uploadId, UploadPart part) =>
        part.PartNumber > 0 && IsMd5Hex(part.Md5Hex)
            ? PartsPrefix(uploadId) + part.PartNumber.ToString(CultureInfo.InvariantCulture) + "/" + part.Md5Hex
            : throw new ArgumentException($"Part {part.PartNumber} ('{part.Md5Hex}') is not a valid upload part.", nameof(part));

    /// <summary>The upload id and part of a part key, or null when the key is not one.</summary>
    public static (string UploadId, UploadPart Part)? PartOfKey(string objectKey)
    {
        if (!objectKey.StartsWith(PartPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var segments = objectKey[PartPrefix.Length..].Split('/');
        return segments is [var uploadId, var number, var md5Hex]
               && IsMd5Hex(uploadId) && IsMd5Hex(md5Hex)
               && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) && partNumber > 0
               && number == partNumber.ToString(CultureInfo.InvariantCulture)
            ? (uploadId, new UploadPart(partNumber, md5Hex))
            : null;
    }

    /// <summary>The folder of everything clients uploaded straight to the store for a pending version.</summary>
    public static string UploadsPrefix(long artifactId) => UploadPrefix + artifactId.ToString(CultureInfo.InvariantCulture) + "/";

    /// <summary>Where a client uploads, straight to the store, the content with this MD5 for a pending version.</summary>
    public static string ContentUploadKey(long artifactId, string md5Hex) =>
        IsMd5Hex(md5Hex) ? UploadsPrefix(artifactId) + "md5/" + md5Hex : throw new ArgumentException($"'{md5Hex}' is not an MD5 in hex.", nameof(md5Hex));

    /// <summary>Where a client uploads, straight to the store, a pending version's manifest.</summary>
    public static string ManifestUploadKey(long artifactId, long manifestId) =>
        UploadsPrefix(artifactId) + "manifests/" + manifestId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The MD5 of a content upload key of this version, or null when the key is not one.</summary>
    public static string? Md5OfContentUploadKey(long artifactId, string objectKey)
    {
        var prefix = UploadsPrefix(artifactId) + "md5/";
        return objectKey.StartsWith(prefix, StringComparison.Ordinal) && IsMd5Hex(objectKey[prefix.Length..]) ? objectKey[prefix.Length..] : null;
    }

    /// <summary>The manifest id of a manifest upload key of this version, or null when the key is not one.</summary>
    public static long? ManifestIdOfUploadKey(long artifactId, string objectKey)
    {
        var prefix = UploadsPrefix(artifactId) + "manifests/";
        return objectKey.StartsWith(prefix, StringComparison.Ordinal)
               && long.TryParse(objectKey.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }

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
