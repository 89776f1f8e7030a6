using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Wandb.Contracts.Accounts;

namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Issues the web app's session tokens: JWTs signed with HMAC-SHA256 under the session key, naming the user and, for
/// a login whose password must be changed first, saying so. ASP.NET Core's JwtBearer handler validates them
/// (<see cref="ConfigureValidation"/>), reading them from the session cookie instead of a header.
/// </summary>
public sealed class SessionTokens(IOptions<SessionOptions> options, TimeProvider time)
{
    /// <summary>The authentication scheme name of session cookies.</summary>
    public const string Scheme = "WandbSession";

    /// <summary>The claim present (value "1") on a session that may do nothing but change its password.</summary>
    public const string PasswordChangeClaim = "pwd_change";

    /// <summary>
    /// The user's session stamp when the token was issued (<see cref="IUserSessionsGrain"/>): the token is valid only
    /// while the stamp is unchanged, so logout and password changes end every session at once.
    /// </summary>
    public const string StampClaim = "sst";

    private const string Issuer = "orleans-wandb";
    private const string Audience = "orleans-wandb-web";

    private readonly SymmetricSecurityKey _key = DecodeKey(options.Value.SigningKey);
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A signed token for the user under their current session stamp, and when it expires.</summary>
    public (string Token, DateTimeOffset Expires) Issue(UserIdentity user, bool mustChangePassword, long sessionStamp)
    {
        var now = time.GetUtcNow();
        var expires = now + (mustChangePassword ? options.Value.PasswordChangeLifetime : options.Value.Lifetime);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("n"),
            [StampClaim] = sessionStamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (mustChangePassword)
        {
            claims[PasswordChangeClaim] = "1";
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Points the JwtBearer handler at the session cookie and this key, issuer and audience.</summary>
    public void ConfigureValidation(JwtBearerOptions jwt)
    {
        jwt.MapInboundClaims = false;
        jwt.TimeProvider = time;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // Only the cookie: an Authorization header here is an API key, handled elsewhere.
                if (context.Request.Cookies.TryGetValue(SessionCookie.Name, out var token) && token.Length > 0)
                {
                    context.Token = token;
                }
                else
                {
                    context.NoResult();
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The user id, password-change flag and session stamp of a validated session principal, or null when it has none.</summary>
    public static (long UserId, bool MustChangePassword, long Stamp)? Read(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var stamp = principal.FindFirst(StampClaim)?.Value;
        return long.TryParse(subject, System.Globalization.CultureInfo.InvariantCulture, out var userId)
               && long.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, out var sessionStamp)
            ? (userId, principal.HasClaim(PasswordChangeClaim, "1"), sessionStamp)
            : null;
    }

    private static SymmetricSecurityKey DecodeKey(string? key)
    {
        var bytes = string.IsNullOrWhiteSpace(key)
            ? throw new InvalidOperationException("Session:SigningKey is not set; the host must provide a session key.")
            : Convert.FromBase64String(key);
        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException("Session:SigningKey must be at least 32 bytes (base64).");
    }
}
