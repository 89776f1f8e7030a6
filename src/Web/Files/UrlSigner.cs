using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// Signs storage URLs so that a plain PUT or GET without credentials is authorised by the URL itself:
/// <c>/storage/{objectKey}?op=put&amp;exp=&lt;unix&gt;&amp;sig=&lt;hmac&gt;</c>. The HMAC covers the operation,
/// the object key and the expiry, so a download URL cannot be used to upload and nothing can be extended.
/// </summary>
public sealed class UrlSigner(IOptions<SigningOptions> options, TimeProvider time)
{
    private readonly byte[] _key = DecodeKey(options.Value.Key);

    /// <summary>The query string (without '?') that authorises <paramref name="operation"/> on an object.</summary>
    public string Sign(StorageOperation operation, string objectKey)
    {
        var expires = time.GetUtcNow().Add(options.Value.UrlLifetime).ToUnixTimeSeconds();
        var signature = Compute(operation, objectKey, expires);
        return $"op={Op(operation)}&exp={expires}&sig={signature}";
    }

    /// <summary>True when the signature is genuine for this operation and object and has not expired.</summary>
    public bool Verify(StorageOperation operation, string objectKey, string? expires, string? signature)
    {
        if (!long.TryParse(expires, out var exp) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() > exp)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(operation, objectKey, exp));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private string Compute(StorageOperation operation, string objectKey, long expires)
    {
        var message = Encoding.UTF8.GetBytes($"{Op(operation)}\n{objectKey}\n{expires}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, message));
    }

    private static string Op(StorageOperation operation) => operation == StorageOperation.Put ? "put" : "get";

    private static byte[] DecodeKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException("Signing:Key is not set; the host must provide a signing key.");
        }

        return Convert.FromBase64String(key);
    }
}

/// <summary>What a signed storage URL allows.</summary>
public enum StorageOperation
{
    Get,
    Put,
}
