using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Wandb.Contracts.Accounts;
using Orleans.Wandb.Web.Session;

namespace Orleans.Wandb.Web.Identity;

/// <summary>
/// The short-lived access tokens <c>POST /oidc/token</c> hands out: JWTs signed with HMAC-SHA256 under the session key
/// (shared by every silo), for this server's API only (their own audience, so a web session token is not one and
/// the other way round). A token lives at most <see cref="IdentityTokenOptions.AccessTokenLifetime"/>; deactivating the
/// user ends it at once (checked on every request, as for keys). It does not carry the web session stamp: signing out
/// of the web app must not stop a running job. The clients send it where an API key goes (<c>Authorization: Bearer</c>).
/// </summary>
public sealed class AccessTokens(IOptions<SessionOptions> session, IOptions<IdentityTokenOptions> options, TimeProvider time)
{
    private const string Issuer = "orleans-wandb";
    private const string Audience = "orleans-wandb-api";

    // A key of its own purpose, derived from the session key every silo shares.
    private readonly SymmetricSecurityKey _key = new(System.Security.Cryptography.SHA256.HashData([
        .. "orleans-wandb access tokens\n"u8,
        .. Convert.FromBase64String(session.Value.SigningKey ?? throw new InvalidOperationException("Session:SigningKey is not set; the host must provide a session key.")),
    ]));

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Whether a bearer credential has the shape of a JWT (an API key never has dots).</summary>
    public static bool LooksLikeToken(string credential) => credential.Count(c => c == '.') == 2 && credential.StartsWith("eyJ", StringComparison.Ordinal);

    /// <summary>A token for the user, valid for at most <paramref name="lifetime"/>, and its lifetime in seconds.</summary>
    public (string Token, int ExpiresIn) Issue(UserIdentity user, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var seconds = (int)Math.Clamp(Math.Min(lifetime.TotalSeconds, options.Value.AccessTokenLifetime.TotalSeconds), 60, TimeSpan.FromDays(1).TotalSeconds);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("n"),
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddSeconds(seconds).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, seconds);
    }

    /// <summary>The user an access token names while it is valid, unexpired and the user active; null otherwise.</summary>
    public async Task<UserIdentity?> AuthenticateAsync(string token, IGrainFactory grains)
    {
        if (token.Length > 4096)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } end && end > time.GetUtcNow().UtcDateTime.AddSeconds(-30),
        });
        if (!result.IsValid
            || !long.TryParse((result.Claims.TryGetValue(JwtRegisteredClaimNames.Sub, out var subject) ? subject as string : null), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }

        return await grains.Directory().GetUserAsync(userId) is { Deactivated: false } user ? user : null;
    }
}
