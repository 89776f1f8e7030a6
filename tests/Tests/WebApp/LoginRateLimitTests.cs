using System.Net;
using Orleans.Wandb.Tests.Infrastructure;

namespace Orleans.Wandb.Tests.WebApp;

/// <summary>
/// Password guessing is slowed: past the allowed attempts per window, even the right password gets 429.
/// Each profile runs the same specification (<see cref="EmbeddedLoginRateLimitTests"/>, <see cref="Cluster.ClusterLoginRateLimitTests"/>).
/// </summary>
public abstract class LoginRateLimitTests(LoginRateLimitTests.App app)
{
    /// <summary>The settings of the server under test.</summary>
    protected static readonly Dictionary<string, string> Settings = new()
    {
        ["Session:LoginAttemptsPerWindow"] = "3",
        ["Session:LoginWindow"] = "00:10:00",
    };

    public abstract class App : ProfileServer;

    [Fact]
    public async Task Attempts_beyond_the_limit_are_refused_with_429_and_a_retry_after()
    {
        var session = AppSession.Create(app.Factory);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await session.LoginAsync("local@wandb.com", "wrong-password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await session.LoginAsync("local@wandb.com", "test-password-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 without Retry-After");
        Assert.False(limited.Headers.Contains("Set-Cookie"));
    }
}
