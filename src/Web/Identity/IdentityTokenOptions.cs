namespace Orleans.Wandb.Web.Identity;

/// <summary>
/// Identity-token login (the 0.28+ clients' <c>WANDB_IDENTITY_TOKEN_FILE</c>): which issuers' JWTs
/// <c>POST /oidc/token</c> exchanges for a short-lived access token, and how a token's claim names a user. Bound from
/// the <c>IdentityTokens</c> section, e.g. <c>IdentityTokens__Issuers__0__Issuer=https://token.actions.githubusercontent.com</c>.
/// No issuer configured: every exchange is refused.
/// </summary>
public sealed class IdentityTokenOptions
{
    public const string SectionName = "IdentityTokens";

    /// <summary>The issuers whose tokens are trusted.</summary>
    public List<TrustedIssuer> Issuers { get; set; } = [];

    /// <summary>How long an access token works (at most 24 hours); the client exchanges a fresh identity token after.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a fetched JWKS is used before it is fetched again (sooner when a token names an unknown key).</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>One trusted issuer of identity tokens.</summary>
public sealed class TrustedIssuer
{
    /// <summary>The token's <c>iss</c>, exactly.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Where the issuer publishes its signing keys (a JWKS document over HTTP(S)); or <see cref="JwksFile"/>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>A JWKS document on disk, for issuers without a reachable URL.</summary>
    public string? JwksFile { get; set; }

    /// <summary>The <c>aud</c> the token must carry: this server's, as configured at the issuer.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim that names the user (<c>email</c> by default; <c>sub</c>, <c>preferred_username</c>…).</summary>
    public string UserClaim { get; set; } = "email";

    /// <summary>What the claim's value is matched against: <c>email</c> or <c>username</c> (a user or service account).</summary>
    public string MatchBy { get; set; } = "email";
}
