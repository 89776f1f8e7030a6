using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Web.Files;

/// <summary>
/// Signs storage URLs so that a plain PUT or GET without credentials is authorised by the URL itself:
/// <c>/storage/{objectKey}?op=put&amp;exp=&lt;unix&gt;&amp;uid=&lt;user&gt;&amp;scope=&lt;entity/project&gt;&amp;sig=&lt;hmac&gt;</c>.
/// The HMAC covers the operation, the object key, the expiry and the grant (user and project), so a download URL
/// cannot be used to upload, nothing can be extended, and the grant cannot be swapped for another user's or project's.
/// Uploads live minutes and downloads at most an hour (<see cref="SigningOptions"/>); the endpoints also check the
/// grant on every use (<see cref="SignedUrlAccess"/>).
/// <para>
/// The user is named by their opaque id (<see cref="RelayIds.Token"/>), never the store's number, so a URL passed
/// around tells nothing about how many users there are. URLs signed before that (<c>uid=&lt;number&gt;</c>, an
/// unversioned HMAC) are refused with the ordinary 403 "ask for a new one": they lived an hour at most, the clients ask
/// for a fresh URL for every transfer, and accepting them would keep a second, numeric way in for ever.
/// </para>
/// </summary>
public sealed class UrlSigner(IOptions<SigningOptions> options, TimeProvider time)
{
    /// <summary>Longest accepted query values: anything longer is not a URL this server signed.</summary>
    private const int MaxValueLength = 256;

    private readonly byte[] _key = DecodeKey(options.Value.Key);

    /// <summary>The query string (without '?') that authorises <paramref name="operation"/> on an object for a grant.</summary>
    public string Sign(StorageOperation operation, string objectKey, UrlGrant grant)
    {
        var lifetime = operation == StorageOperation.Put ? options.Value.UploadUrlLifetime : options.Value.DownloadUrlLifetime;
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var scope = $"{grant.Entity}/{grant.Project}";
        var signature = Compute(operation, objectKey, expires, grant.UserId, scope);
        return $"op={Op(operation)}&exp={expires}&uid={RelayIds.Token(grant.UserId)}&scope={Uri.EscapeDataString(scope)}&sig={signature}";
    }

    /// <summary>
    /// The grant of a genuine, unexpired signature for this operation and object, or null. Malformed values (missing,
    /// repeated, too long, not numbers, not ids this server made, not names) are simply not genuine.
    /// </summary>
    public UrlGrant? Verify(StorageOperation operation, string objectKey, IQueryCollection query)
    {
        if (Single(query, "exp") is not { } expires || Single(query, "sig") is not { } signature
            || Single(query, "uid") is not { } uid || Single(query, "scope") is not { } scope)
        {
            return null;
        }

        if (!long.TryParse(expires, System.Globalization.NumberStyles.None, null, out var exp)
            || !RelayIds.TryDecodeToken(uid, out var userId)
            || time.GetUtcNow().ToUnixTimeSeconds() > exp)
        {
            return null;
        }

        var names = scope.Split('/');
        if (names.Length != 2 || !Names.IsValid(names[0]) || !Names.IsValid(names[1]))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(operation, objectKey, exp, userId, scope));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? new UrlGrant(userId, names[0], names[1]) : null;
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 && values[0] is { Length: > 0 and <= MaxValueLength } value ? value : null;

    private string Compute(StorageOperation operation, string objectKey, long expires, long userId, string scope)
    {
        // "v2": URLs naming the user by opaque id; an older signature (numeric uid) can never match one.
        var message = Encoding.UTF8.GetBytes($"v2\n{Op(operation)}\n{objectKey}\n{expires}\n{userId}\n{scope}");
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
