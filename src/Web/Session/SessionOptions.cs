namespace Orleans.Wandb.Web.Session;

/// <summary>Web app logins: the session token's key and lifetime, and how fast passwords may be tried. Section "Session".</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Session";

    /// <summary>
    /// Base64 HMAC-SHA256 key that signs session tokens (at least 32 bytes), shared by every silo. Empty: the host
    /// generates one into <c>{DATA_DIR}/config/session.key</c>. Environment variable <c>SESSION_KEY</c>.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a login lasts before the person must log in again. Default 7 days.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a login that must first change its password lasts. Default 15 minutes.</summary>
    public TimeSpan PasswordChangeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins allowed per client address, and separately per account, in each window (<see cref="LoginThrottle"/>). Default 10.</summary>
    public int LoginAttemptsPerWindow { get; set; } = 10;

    /// <summary>The window of <see cref="LoginAttemptsPerWindow"/>. Default 1 minute.</summary>
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
