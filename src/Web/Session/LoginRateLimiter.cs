using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orleans.Wandb.Web.Session;

/// <summary>
/// Slows password guessing: a fixed window of <see cref="SessionOptions.LoginAttemptsPerWindow"/> attempts per client
/// address and, chained, per account name (so spreading guesses over many addresses does not help either).
/// ASP.NET Core's rate limiter primitives, used directly by the login endpoint.
/// </summary>
public sealed class LoginRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Client, string Login)> _limiter;

    public LoginRateLimiter(IOptions<SessionOptions> options)
    {
        var settings = options.Value;
        var window = new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.LoginAttemptsPerWindow),
            Window = settings.LoginWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        var byClient = PartitionedRateLimiter.Create<(string Client, string Login), string>(
            attempt => RateLimitPartition.GetFixedWindowLimiter(attempt.Client, _ => window));
        var byAccount = PartitionedRateLimiter.Create<(string Client, string Login), string>(
            attempt => RateLimitPartition.GetFixedWindowLimiter(attempt.Login, _ => window));
        _limiter = PartitionedRateLimiter.CreateChained(byClient, byAccount);
    }

    /// <summary>True when another attempt is allowed now; otherwise also says when to retry.</summary>
    public bool TryAcquire(string? clientAddress, string login, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire((clientAddress ?? "unknown", login.Trim().ToLowerInvariant()));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.Zero;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
