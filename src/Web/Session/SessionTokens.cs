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

    private const string Issuer = "orleans-wandb";
    private const string Audience = "orleans-wandb-web";

    private readonly SymmetricSecurityKey _key = DecodeKey(options.Value.SigningKey);
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A signed token for the user and when it expires.</summary>
    public (string Token, DateTimeOffset Expires) Issue(UserIdentity user, bool mustChangePassword)
    {
        var now = time.GetUtcNow();
        var expires = now + (mustChangePassword ? options.Value.PasswordChangeLifetime : options.Value.Lifetime);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("n"),
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

    /// <summary>The user id and password-change flag of a validated session principal, or null when it has none.</summary>
    public static (long UserId, bool MustChangePassword)? Read(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        return long.TryParse(subject, System.Globalization.CultureInfo.InvariantCulture, out var userId)
            ? (userId, principal.HasClaim(PasswordChangeClaim, "1"))
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
