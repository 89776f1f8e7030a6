using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.Wandb.Web.Identity;

/// <summary>
/// The signing keys of the trusted issuers (<see cref="IdentityTokenOptions"/>), from their JWKS URL or file, kept for
/// <see cref="IdentityTokenOptions.JwksRefreshInterval"/> and fetched again early (at most every 30 s) when a token
/// names a key id not among them, as issuers rotate keys.
/// </summary>
public sealed class IssuerKeys(IOptions<IdentityTokenOptions> options, TimeProvider time)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Largest JWKS document read.</summary>
    private const int MaxJwksBytes = 256 * 1024;

    private static readonly TimeSpan EarliestRefetch = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt)> _cache = new();

    /// <summary>The issuer's keys; <paramref name="keyId"/> not among cached keys fetches them again (rate-limited).</summary>
    public async Task<IReadOnlyList<SecurityKey>> GetAsync(TrustedIssuer issuer, string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(issuer.Issuer, out var cached))
        {
            var fresh = now - cached.FetchedAt < options.Value.JwksRefreshInterval;
            var known = keyId is null || cached.Keys.Any(k => k.KeyId == keyId);
            if ((fresh && known) || now - cached.FetchedAt < EarliestRefetch)
            {
                return cached.Keys;
            }
        }

        IReadOnlyList<SecurityKey> keys = [.. new JsonWebKeySet(await ReadJwksAsync(issuer, cancellationToken)).GetSigningKeys()];
        _cache[issuer.Issuer] = (keys, now);
        return keys;
    }

    private async Task<string> ReadJwksAsync(TrustedIssuer issuer, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(issuer.JwksFile))
        {
            return await File.ReadAllTextAsync(issuer.JwksFile, cancellationToken);
        }

        if (string.IsNullOrEmpty(issuer.JwksUrl))
        {
            throw new InvalidOperationException($"The trusted issuer '{issuer.Issuer}' has neither JwksUrl nor JwksFile.");
        }

        using var response = await Http.GetAsync(issuer.JwksUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxJwksBytes)
        {
            throw new InvalidOperationException($"The JWKS of '{issuer.Issuer}' is larger than {MaxJwksBytes} bytes.");
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length <= MaxJwksBytes ? text : throw new InvalidOperationException($"The JWKS of '{issuer.Issuer}' is larger than {MaxJwksBytes} bytes.");
    }
}
